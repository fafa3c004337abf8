package io.reel.write.catalog;

import static org.apache.pekko.http.javadsl.server.Directives.*;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.http.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * {@code POST /admin/imports?source=NAME} with a JSON-lines body: answers at once with a stream of
 * JSON lines (skipped lines and progress) while the import runs, ending with a {@code done}
 * progress line. One import at a time per node.
 */
public final class ImportRoutes {

  private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final ByteString NL = ByteString.fromString("\n");
  public static final ContentType NDJSON =
      MediaTypes.applicationWithOpenCharset("x-ndjson").toContentType(HttpCharsets.UTF_8);

  private final CatalogImporter importer;
  private final ObjectMapper mapper;
  private final long maxBodyBytes;
  private final AtomicBoolean running = new AtomicBoolean();

  public ImportRoutes(CatalogImporter importer, ObjectMapper mapper, long maxBodyBytes) {
    this.importer = importer;
    this.mapper = mapper;
    this.maxBodyBytes = maxBodyBytes;
  }

  public Route routes() {
    return path(
        segment("admin").slash("imports"),
        () ->
            post(
                () ->
                    parameterOptional(
                        "source",
                        source ->
                            withSizeLimit(
                                maxBodyBytes,
                                () ->
                                    extractMaterializer(
                                        mat ->
                                            extractDataBytes(
                                                bytes ->
                                                    start(
                                                        source.orElse("default"), bytes, mat)))))));
  }

  /**
   * The body is spooled to a temporary file first (streamed, never whole in memory): the import
   * then reads the file while the response streams progress, so a slow import never holds the
   * upload connection's request stream open.
   */
  private Route start(String source, Source<ByteString, ?> bytes, Materializer mat) {
    if (!SOURCE.matcher(source).matches()) {
      return complete(
          Problem.response(
              StatusCodes.BAD_REQUEST,
              "source must match " + SOURCE.pattern() + ", was " + source));
    }
    if (!running.compareAndSet(false, true)) {
      return complete(
          Problem.response(StatusCodes.CONFLICT, "an import is already running on this node"));
    }
    Path spool;
    try {
      spool = Files.createTempFile("reel-import-", ".jsonl");
    } catch (IOException e) {
      running.set(false);
      throw new UncheckedIOException(e);
    }
    CompletionStage<IOResult> upload =
        bytes
            .runWith(FileIO.toPath(spool), mat)
            .whenComplete(
                (r, t) -> {
                  if (t != null) {
                    cleanUp(spool);
                  }
                });
    return onSuccess(
        upload,
        uploaded -> {
          Source<ByteString, ?> lines =
              importer
                  .run(source, FileIO.fromPath(spool))
                  .map(report -> ByteString.fromArray(mapper.writeValueAsBytes(report)).concat(NL))
                  .watchTermination(
                      (m, done) -> {
                        done.whenComplete((d, t) -> cleanUp(spool));
                        return m;
                      });
          return complete(
              HttpResponse.create()
                  .withStatus(StatusCodes.OK)
                  .withEntity(HttpEntities.createChunked(NDJSON, lines)));
        });
  }

  private void cleanUp(Path spool) {
    running.set(false);
    try {
      Files.deleteIfExists(spool);
    } catch (IOException ignored) {
      // a temp file; the OS cleans it eventually
    }
  }
}

package io.reel.transcode.ingest;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleState;
import io.reel.http.Problem;
import io.reel.http.Rejections;
import io.reel.origin.ObjectInfo;
import io.reel.origin.ObjectStore;
import io.reel.transcode.plan.SourceFormats;
import io.reel.write.title.TitleJson.TitleResponse;
import io.reel.write.title.TitleReply;
import io.reel.write.title.TitleRoutes;
import io.reel.write.title.TitleService;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.StreamConverters;

/**
 * Source upload: {@code PUT /admin/titles/{id}/source} with the raw file as the body (curl {@code
 * -T clip.mp4}). The body streams to a staging file while its SHA-256 is computed, so a multi-GB
 * file never sits in memory; only a complete upload is committed to the store and attached to the
 * title (which starts the transcode). Also {@code GET /admin/titles/{id}/transcode/log}: the kept
 * ffmpeg stderr of the latest job.
 */
public final class IngestRoutes {

  private static final Pattern SAFE_NAME = Pattern.compile("[^A-Za-z0-9._ -]");
  // Text playlists and manifests announce themselves early; the probe's allow-list is the
  // guarantee.
  private static final int SNIFF_BYTES = 64 * 1024;

  private final TitleService titles;
  private final ObjectStore store;
  private final ObjectMapper mapper;
  private final long maxUploadBytes;
  private final java.util.concurrent.Executor blocking;

  public IngestRoutes(
      TitleService titles,
      ObjectStore store,
      ObjectMapper mapper,
      long maxUploadBytes,
      java.util.concurrent.Executor blocking) {
    this.titles = titles;
    this.store = store;
    this.mapper = mapper;
    this.maxUploadBytes = maxUploadBytes;
    this.blocking = blocking;
  }

  public Route routes() {
    return pathPrefix(
        "admin",
        () ->
            pathPrefix(
                "titles",
                () ->
                    pathPrefix(
                        PathMatchers.segment(),
                        idText ->
                            TitleRoutes.withTitleId(
                                idText,
                                id ->
                                    concat(
                                        path("source", () -> put(() -> upload(id))),
                                        path(
                                            PathMatchers.segment("transcode").slash("log"),
                                            () -> get(() -> log(id))))))));
  }

  private Route upload(TitleId id) {
    return withoutRequestTimeout(
        () ->
            parameterOptional(
                "filename",
                filename ->
                    extractRequestEntity(
                        entity -> {
                          var declared = entity.getContentLengthOption();
                          if (declared.isPresent() && declared.getAsLong() > maxUploadBytes) {
                            return complete(tooLarge());
                          }
                          if (declared.isPresent() && declared.getAsLong() == 0) {
                            return complete(empty());
                          }
                          // Check the title before taking gigabytes for it.
                          return onSuccess(
                              titles.ask(id, new TitleCommand.Get()),
                              reply -> {
                                if (reply instanceof TitleReply.Rejected r) {
                                  return complete(Rejections.response(r.rejection()));
                                }
                                TitleState s = ((TitleReply.Accepted) reply).state();
                                if (s instanceof TitleState.Empty) {
                                  return complete(
                                      Problem.response(
                                          StatusCodes.NOT_FOUND, "no title with id " + id));
                                }
                                if (s instanceof TitleState.Retired) {
                                  return complete(
                                      Problem.response(
                                          StatusCodes.CONFLICT, "title " + id + " is retired"));
                                }
                                return extractMaterializer(
                                    mat ->
                                        onComplete(
                                            store(id, entity, filename.orElse("source"), mat),
                                            result -> {
                                              if (result.isFailure()) {
                                                return complete(failed(result.failed().get()));
                                              }
                                              return attached(id, result.get());
                                            }));
                              });
                        })));
  }

  private record Stored(ObjectInfo info, String sha256, String fileName) {}

  private CompletionStage<Stored> store(
      TitleId id, HttpEntity entity, String fileName, Materializer mat) {
    String key = "sources/" + id.asString() + "/" + UUID.randomUUID();
    ObjectStore.PendingObject pending;
    MessageDigest sha;
    try {
      pending = store.create(key);
      sha = MessageDigest.getInstance("SHA-256");
    } catch (Exception e) {
      return CompletableFuture.failedFuture(new StoreFailure(e));
    }
    byte[] head = new byte[SNIFF_BYTES];
    int[] headLength = {0};
    return entity
        .withSizeLimit(maxUploadBytes)
        .getDataBytes()
        .map(
            bytes -> {
              sha.update(bytes.asByteBuffer());
              int n = Math.min(bytes.size(), SNIFF_BYTES - headLength[0]);
              if (n > 0) {
                System.arraycopy(bytes.take(n).toArray(), 0, head, headLength[0], n);
                headLength[0] += n;
              }
              return bytes;
            })
        .runWith(FileIO.toPath(pending.stagingFile()), mat)
        // commit fsyncs a possibly huge file: not on a stream or HTTP thread
        .thenApplyAsync(
            io -> {
              if (io.getCount() == 0) {
                throw new EmptyUpload();
              }
              Optional<String> playlist = SourceFormats.sniff(head, headLength[0]);
              if (playlist.isPresent()) {
                throw new RefusedContainer(playlist.get());
              }
              try {
                return new Stored(
                    pending.commit(),
                    HexFormat.of().formatHex(sha.digest()),
                    SAFE_NAME.matcher(fileName).replaceAll("_"));
              } catch (java.io.IOException e) {
                throw new CompletionException(new StoreFailure(e));
              }
            },
            blocking)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                pending.abort(); // broken, cancelled or oversized: nothing becomes visible
              }
            });
  }

  private Route attached(TitleId id, Stored s) {
    var command =
        new TitleCommand.AttachSource(
            s.info().key(), s.sha256(), s.info().sizeBytes(), s.fileName());
    // If the title does not answer, the stored source is unreferenced: remove it.
    CompletionStage<TitleReply> reply =
        titles
            .ask(id, command)
            .whenComplete(
                (r, error) -> {
                  if (error != null) {
                    deleteQuietly(s.info().key());
                  }
                });
    return onSuccess(
        reply,
        r0 -> {
          TitleReply reply1 = r0;
          if (reply1 instanceof TitleReply.Rejected r) {
            deleteQuietly(s.info().key());
            return complete(Rejections.response(r.rejection()));
          }
          TitleState state = ((TitleReply.Accepted) reply1).state();
          return respondWithHeader(
              Location.create("/admin/titles/" + id),
              () ->
                  complete(
                      StatusCodes.ACCEPTED,
                      TitleResponse.of(state),
                      Jackson.<TitleResponse>marshaller(mapper)));
        });
  }

  private Route log(TitleId id) {
    return onSuccess(
        titles.ask(id, new TitleCommand.Get()),
        reply -> {
          if (!(reply instanceof TitleReply.Accepted a) || a.state() instanceof TitleState.Empty) {
            return complete(Problem.response(StatusCodes.NOT_FOUND, "no title with id " + id));
          }
          var job = io.reel.domain.title.Title.mediaOf(a.state()).job();
          if (job == null || job.stderrKey() == null) {
            return complete(
                Problem.response(StatusCodes.NOT_FOUND, "no transcode log for title " + id));
          }
          try {
            var info = store.stat(job.stderrKey());
            if (info.isEmpty()) {
              return complete(Problem.response(StatusCodes.NOT_FOUND, "the log is gone"));
            }
            String key = job.stderrKey();
            // Opened when the body is streamed, so an aborted request leaks no file handle.
            return complete(
                HttpEntities.create(
                    ContentTypes.TEXT_PLAIN_UTF8,
                    info.get().sizeBytes(),
                    StreamConverters.fromInputStream(
                        () -> Channels.newInputStream(store.open(key)))));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private void deleteQuietly(String key) {
    try {
      store.delete(key);
    } catch (Exception ignored) {
      // An unreferenced source is garbage, not damage.
    }
  }

  /** The store failed, not the client: a 500, not a 400. */
  private static final class StoreFailure extends RuntimeException {
    StoreFailure(Throwable cause) {
      super("the media store failed", cause, false, false);
    }
  }

  /** A playlist or manifest, not media: refused before it is stored (see SourceFormats). */
  private static final class RefusedContainer extends RuntimeException {
    RefusedContainer(String demuxer) {
      super(SourceFormats.refusal(demuxer), null, false, false);
    }
  }

  private static final class EmptyUpload extends RuntimeException {
    EmptyUpload() {
      super("empty file", null, false, false);
    }
  }

  private org.apache.pekko.http.javadsl.model.HttpResponse tooLarge() {
    return Problem.response(
        StatusCodes.PAYLOAD_TOO_LARGE,
        "the upload is larger than the limit of " + maxUploadBytes + " bytes");
  }

  private static org.apache.pekko.http.javadsl.model.HttpResponse empty() {
    return Problem.response(
        StatusCodes.UNPROCESSABLE_ENTITY, "the upload is empty: send the source file as the body");
  }

  private org.apache.pekko.http.javadsl.model.HttpResponse failed(Throwable error) {
    // FileIO wraps the upstream failure (IOOperationIncompleteException): look down the chain.
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof EntityStreamSizeException) {
        return tooLarge();
      }
      if (e instanceof EmptyUpload) {
        return empty();
      }
      if (e instanceof io.reel.http.BodyTimeout) { // the gateway's body idle deadline: a stall
        return Problem.response(
            StatusCodes.REQUEST_TIMEOUT, e.getMessage() + "; nothing was stored");
      }
      if (e instanceof RefusedContainer r) {
        return Problem.response(StatusCodes.UNPROCESSABLE_ENTITY, r.getMessage());
      }
      if (e instanceof StoreFailure) {
        return Problem.response(
            StatusCodes.INTERNAL_SERVER_ERROR, "the upload could not be stored; nothing was kept");
      }
    }
    return Problem.response(
        StatusCodes.BAD_REQUEST, "the upload did not complete; nothing was stored");
  }
}

package io.reel.read.search;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.http.auth.AccessTokens;
import io.reel.http.auth.AuthDirectives;
import io.reel.read.ReadDirectives;
import io.reel.search.SearchIndex;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The search index for operators (401 without a token, 403 for a viewer's):
 *
 * <pre>
 * GET  /admin/search           the index: titles, events, offsets held, a rebuild under way
 * POST /admin/search/rebuild   rebuild it from the journal beside the live one; progress streams
 *                              back as JSON lines (one a second) until the new index takes over
 * </pre>
 */
public final class SearchAdminRoutes {

  static final ContentType NDJSON =
      MediaTypes.applicationWithOpenCharset("x-ndjson").toContentType(HttpCharsets.UTF_8);

  /** A rebuild that takes longer than this stops streaming (it goes on; GET shows it). */
  static final Duration MAX_FOLLOW = Duration.ofMinutes(30);

  private final SearchIndex index;
  private final AccessTokens tokens;
  private final ReadDirectives read;
  private final ObjectMapper mapper;

  public SearchAdminRoutes(
      SearchIndex index, AccessTokens tokens, ReadDirectives read, ObjectMapper mapper) {
    this.index = index;
    this.tokens = tokens;
    this.read = read;
    this.mapper = mapper;
  }

  public Route routes() {
    return pathPrefix(
        "admin",
        () ->
            pathPrefix(
                "search",
                () ->
                    AuthDirectives.operator(
                        tokens,
                        claims ->
                            concat(
                                pathEnd(() -> get(() -> read.json(index.status()))),
                                path("rebuild", () -> post(this::rebuild))))));
  }

  private Route rebuild() {
    Instant started = Instant.now();
    index.rebuild();
    Source<ByteString, ?> progress =
        Source.tick(Duration.ZERO, Duration.ofSeconds(1), "tick")
            .map(t -> index.status())
            .takeWhile(
                s -> s.rebuild().isPresent() && Instant.now().isBefore(started.plus(MAX_FOLLOW)),
                true)
            .map(s -> ByteString.fromString(line(s) + "\n"));
    return complete(StatusCodes.ACCEPTED, HttpEntities.create(NDJSON, progress));
  }

  private String line(SearchIndex.Status s) throws JsonProcessingException {
    return mapper.writeValueAsString(s);
  }
}

package io.reel.edge;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.edge.cache.EdgeCache;
import io.reel.edge.http.ByteRange;
import io.reel.edge.http.EdgeMediaTypes;
import io.reel.edge.manifest.ManifestFilter;
import io.reel.http.Cors;
import io.reel.http.Problem;
import io.reel.origin.ObjectKeys;
import io.reel.origin.token.EdgeTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge: {@code GET|HEAD /edge/{token}/{objectKey}} serves a packaged title's manifests,
 * segments, subtitles and images from the {@link EdgeCache}. The token is a path segment, not a
 * query parameter, because players resolve the segment URLs of a manifest relative to the
 * manifest's URL: {@code video-1080/seg-3.m4s} inside {@code /edge/T/packages/42/v1-a1/master.m3u8}
 * becomes {@code /edge/T/packages/42/v1-a1/video-1080/seg-3.m4s}, under the same token.
 *
 * <p>Order of checks, so that no answer tells anything about what exists: the path's shape (400),
 * the token (401 missing, 403 refused, for a key outside its prefix or of a rendition the token
 * does not grant too), the extension (404), then the store (404). A token limited to some
 * renditions gets manifests that list only those ({@link ManifestFilter}). Strong ETags with {@code
 * If-None-Match} (304), single byte ranges (206/416), long-lived caching for immutable files, short
 * for manifests, and CORS for browser players.
 */
public final class EdgeRoutes {

  private static final Logger log = LoggerFactory.getLogger(EdgeRoutes.class);

  private static final HttpHeader ACCEPT_RANGES = RawHeader.create("Accept-Ranges", "bytes");
  private static final HttpHeader CACHE_IMMUTABLE =
      RawHeader.create("Cache-Control", "public, max-age=31536000, immutable");
  private static final HttpHeader NO_STORE = RawHeader.create("Cache-Control", "no-store");
  private static final HttpHeader WWW_AUTHENTICATE =
      RawHeader.create("WWW-Authenticate", "EdgeToken realm=\"reel-edge\"");
  private static final long MAX_FILTERED_MANIFEST_BYTES = 16L * 1024 * 1024;
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final EdgeSettings settings;
  private final EdgeTokens tokens;
  private final EdgeCache cache;
  private final HttpHeader cacheManifest;
  private final HttpHeader cachePrivateManifest;
  private final Materializer materializer;
  private final Cors cors;
  private final ObjectMapper mapper = new ObjectMapper();

  public EdgeRoutes(
      EdgeSettings settings, EdgeTokens tokens, EdgeCache cache, Materializer materializer) {
    this.settings = settings;
    this.tokens = tokens;
    this.cache = cache;
    this.materializer = materializer;
    this.cacheManifest =
        RawHeader.create(
            "Cache-Control", "public, max-age=" + settings.manifestMaxAge().toSeconds());
    this.cachePrivateManifest =
        RawHeader.create(
            "Cache-Control", "private, max-age=" + settings.manifestMaxAge().toSeconds());
    this.cors =
        new Cors(
            new Cors.Policy(
                settings.corsAllowedOrigins(),
                "GET, HEAD, OPTIONS",
                "Range, If-None-Match, If-Range",
                "Content-Range, Content-Length, ETag, Accept-Ranges",
                Duration.ofDays(1)));
  }

  public Route routes() {
    return pathPrefix(
        "edge",
        () ->
            extractRequest(
                request ->
                    cors.wrap(
                        () -> concat(path("_stats", () -> get(this::stats)), handle(request)))));
  }

  private Route handle(HttpRequest request) {
    if (request.method().equals(HttpMethods.OPTIONS)) {
      // A preflight from an allowed origin was answered by Cors; this one gets nothing to go on.
      return complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT));
    }
    if (!request.method().equals(HttpMethods.GET) && !request.method().equals(HttpMethods.HEAD)) {
      return complete(
          Problem.response(StatusCodes.METHOD_NOT_ALLOWED, "the edge serves GET and HEAD only")
              .addHeader(RawHeader.create("Allow", "GET, HEAD, OPTIONS")));
    }
    if (hostileRawPath(request)) {
      return complete(badPath());
    }
    List<String> segments = new ArrayList<>(8);
    for (String s : request.getUri().pathSegments()) {
      segments.add(s);
    }
    // segments.get(0) is "edge"; then the token, then the object key.
    if (segments.size() < 2 || segments.get(1).isEmpty() || segments.get(1).indexOf('.') < 0) {
      return complete(
          Problem.response(
                  StatusCodes.UNAUTHORIZED,
                  "an edge token is required: /edge/{token}/{objectKey}, as the play API gives it")
              .addHeader(WWW_AUTHENTICATE));
    }
    String token = segments.get(1);
    if (segments.size() < 3) {
      return complete(notFound());
    }
    String key = objectKey(segments);
    if (key == null) {
      return complete(Problem.response(StatusCodes.BAD_REQUEST, "not a valid object path"));
    }
    EdgeTokens.Verification v = tokens.verify(token, key);
    if (v instanceof EdgeTokens.Verification.Invalid invalid) {
      return complete(refused(invalid.failure()));
    }
    EdgeTokens.Grant grant = ((EdgeTokens.Verification.Valid) v).grant();
    EdgeMediaTypes.Type type = EdgeMediaTypes.of(key);
    if (type == null) {
      return complete(notFound());
    }
    String name = key.substring(grant.prefix().length());
    if (!grant.allRenditions() && ManifestFilter.filters(name)) {
      return filteredManifest(key, name, type, grant);
    }
    return onComplete(
        cache.get(key),
        result -> {
          if (result.isFailure()) {
            log.warn("origin read of {} failed", key, result.failed().get());
            return complete(
                Problem.response(StatusCodes.BAD_GATEWAY, "the origin store did not answer"));
          }
          Optional<EdgeCache.Entry> entry = result.get();
          if (entry.isEmpty()) {
            return complete(notFound());
          }
          return complete(respond(request, entry.get(), type));
        });
  }

  /**
   * A manifest listing only the renditions the token grants: made per request from the cached
   * original (manifests are small and few per playback), never shared between viewers, so it
   * carries no ETag and is private to the client.
   */
  private Route filteredManifest(
      String key, String name, EdgeMediaTypes.Type type, EdgeTokens.Grant grant) {
    CompletionStage<Optional<String>> text =
        cache
            .get(key)
            .thenCompose(
                entry -> {
                  if (entry.isEmpty()) {
                    return CompletableFuture.completedFuture(Optional.<ByteString>empty());
                  }
                  if (entry.get() instanceof EdgeCache.Entry.InMemory m) {
                    return CompletableFuture.completedFuture(Optional.of(m.bytes()));
                  }
                  long size = entry.get().meta().size();
                  if (size > MAX_FILTERED_MANIFEST_BYTES) {
                    throw new IllegalStateException(key + " is too large to filter");
                  }
                  return cache
                      .body(entry.get(), 0, size)
                      .runFold(ByteString.emptyByteString(), ByteString::concat, materializer)
                      .thenApply(Optional::of);
                })
            .thenApply(
                bytes ->
                    bytes.map(b -> ManifestFilter.filter(name, b.utf8String(), grant::allows)));
    return onComplete(
        text,
        result -> {
          if (result.isFailure()) {
            log.warn("manifest {} could not be served filtered", key, result.failed().get());
            return complete(
                Problem.response(StatusCodes.BAD_GATEWAY, "the manifest could not be read"));
          }
          if (result.get().isEmpty()) {
            return complete(notFound());
          }
          return complete(
              HttpResponse.create()
                  .withStatus(StatusCodes.OK)
                  .withEntity(
                      HttpEntities.create(
                          type.contentType(),
                          result.get().get().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                  .addHeader(cachePrivateManifest));
        });
  }

  /**
   * The key from the decoded path segments after the token, or null if any segment could climb or
   * hide a separator: {@code ..}, {@code .}, empty, an encoded {@code %2f} or {@code %2e%2e}
   * (decoded by now), backslash, NUL. {@link ObjectKeys} allows only safe characters, and each
   * segment is checked alone so a decoded '/' cannot pass as two.
   */
  static String objectKey(List<String> segments) {
    StringBuilder key = new StringBuilder(128);
    for (int i = 2; i < segments.size(); i++) {
      String s = segments.get(i);
      if (s.indexOf('/') >= 0 || !ObjectKeys.isValid(s)) {
        return null;
      }
      if (i > 2) {
        key.append('/');
      }
      key.append(s);
    }
    String k = key.toString();
    return ObjectKeys.isValid(k) ? k : null;
  }

  /**
   * The request target as the client sent it ({@code Raw-Request-URI}, on in reference.conf):
   * pekko-http collapses {@code ..} and {@code .} while parsing, which already keeps a request
   * inside its path, but a climb is an attack, not a typo, and gets the same 400 however it ends.
   */
  static boolean hostileRawPath(HttpRequest request) {
    Optional<HttpHeader> raw = request.getHeader("Raw-Request-URI");
    if (raw.isEmpty()) {
      return false;
    }
    String target = raw.get().value();
    int query = target.indexOf('?');
    String path = (query < 0 ? target : target.substring(0, query)).toLowerCase(Locale.ROOT);
    return path.contains("/../")
        || path.endsWith("/..")
        || path.contains("/./")
        || path.endsWith("/.")
        || path.contains("//")
        || path.contains("%2e")
        || path.contains("%2f")
        || path.contains("%5c")
        || path.contains("%00")
        || path.indexOf('\\') >= 0;
  }

  private static HttpResponse badPath() {
    return Problem.response(StatusCodes.BAD_REQUEST, "not a valid object path");
  }

  private HttpResponse respond(
      HttpRequest request, EdgeCache.Entry entry, EdgeMediaTypes.Type type) {
    EdgeCache.ObjectMeta meta = entry.meta();
    HttpHeader etag = RawHeader.create("ETag", meta.etag());
    HttpHeader cacheControl =
        type.kind() == EdgeMediaTypes.Kind.MANIFEST ? cacheManifest : CACHE_IMMUTABLE;
    Optional<HttpHeader> ifNoneMatch = request.getHeader("If-None-Match");
    if (ifNoneMatch.isPresent() && matches(ifNoneMatch.get().value(), meta.etag())) {
      return HttpResponse.create()
          .withStatus(StatusCodes.NOT_MODIFIED)
          .addHeaders(List.of(etag, cacheControl));
    }
    List<HttpHeader> headers = new ArrayList<>(5);
    headers.add(etag);
    headers.add(cacheControl);
    headers.add(ACCEPT_RANGES);
    headers.add(RawHeader.create("Last-Modified", HTTP_DATE.format(meta.modifiedAt())));
    ByteRange.Parsed parsed = rangeOf(request, meta);
    if (parsed instanceof ByteRange.Unsatisfiable) {
      return Problem.response(
              StatusCodes.RANGE_NOT_SATISFIABLE,
              "the range starts past the end of the object (" + meta.size() + " bytes)")
          .addHeaders(
              List.of(
                  RawHeader.create("Content-Range", "bytes */" + meta.size()),
                  ACCEPT_RANGES,
                  etag,
                  NO_STORE));
    }
    if (parsed instanceof ByteRange.Satisfiable s) {
      ByteRange r = s.range();
      headers.add(RawHeader.create("Content-Range", r.contentRange()));
      return HttpResponse.create()
          .withStatus(StatusCodes.PARTIAL_CONTENT)
          .withEntity(entity(entry, type, r.start(), r.length()))
          .addHeaders(headers);
    }
    return HttpResponse.create()
        .withStatus(StatusCodes.OK)
        .withEntity(entity(entry, type, 0, meta.size()))
        .addHeaders(headers);
  }

  private ResponseEntity entity(
      EdgeCache.Entry entry, EdgeMediaTypes.Type type, long start, long length) {
    if (entry instanceof EdgeCache.Entry.InMemory m) {
      return HttpEntities.create(
          type.contentType(), m.bytes().slice((int) start, (int) (start + length)));
    }
    if (length == 0) {
      return HttpEntities.create(type.contentType(), new byte[0]);
    }
    // A client that stops taking chunks (a slow reader) fails the stream and loses the connection.
    return HttpEntities.create(
        type.contentType(),
        length,
        cache.body(entry, start, length).idleTimeout(settings.listener().sendIdleTimeout()));
  }

  /** A Range header counts unless an If-Range names another version. */
  private static ByteRange.Parsed rangeOf(HttpRequest request, EdgeCache.ObjectMeta meta) {
    Optional<HttpHeader> range = request.getHeader("Range");
    if (range.isEmpty()) {
      return new ByteRange.Ignore();
    }
    Optional<HttpHeader> ifRange = request.getHeader("If-Range");
    if (ifRange.isPresent() && !ifRange.get().value().strip().equals(meta.etag())) {
      return new ByteRange.Ignore();
    }
    return ByteRange.parse(range.get().value(), meta.size());
  }

  /** Weak comparison, as If-None-Match uses: {@code W/"x"} matches {@code "x"}; {@code *} all. */
  static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static HttpResponse notFound() {
    return Problem.response(StatusCodes.NOT_FOUND, "no such object");
  }

  private static HttpResponse refused(EdgeTokens.Failure failure) {
    String detail;
    switch (failure) {
      case EXPIRED:
        detail = "the edge token has expired: get a new one from the play API";
        break;
      case PATH_NOT_GRANTED:
        detail = "the edge token does not grant this path";
        break;
      case RENDITION_NOT_GRANTED:
        detail = "this rendition is above what the plan allows";
        break;
      case UNKNOWN_KEY:
        detail = "the edge token was signed with a key this edge does not know";
        break;
      case BAD_SIGNATURE:
        detail = "the edge token's signature does not match";
        break;
      default:
        detail = "the edge token is malformed";
    }
    return Problem.response(StatusCodes.FORBIDDEN, detail);
  }

  private Route stats() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("region", settings.region());
    body.put("at", Instant.now().toString());
    body.put("cache", cache.stats());
    try {
      return complete(
          HttpResponse.create()
              .withEntity(ContentTypes.APPLICATION_JSON, mapper.writeValueAsBytes(body))
              .addHeader(NO_STORE));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

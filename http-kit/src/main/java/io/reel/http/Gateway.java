package io.reel.http;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * What every request passes through before a module's routes: a request id (the caller's {@code
 * X-Request-Id} if it is sane, else a new one) echoed on the response; the client's address ({@link
 * ClientAddress}: the TCP peer, or a forwarded header only from a trusted proxy), set on the
 * request for the routes behind; a token-bucket rate limit per client address (429 with {@code
 * Retry-After}); CORS for the browser client (preflights answered here); deadlines on the request
 * body ({@link BodyTimeout}, 408): no byte for {@code body.idle-timeout}, or a small body (up to
 * {@code body.small-body-bytes}) not complete within {@code body.small-body-timeout}. pekko-http's
 * own request timeout only starts once the body is in, so it cannot catch a slow-loris body; when
 * it fires the server was slow, and the answer is a problem+json 503. Authentication is per route
 * ({@code AuthDirectives}), since some routes are public.
 */
public final class Gateway {

  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
  private static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id, Range";
  private static final String EXPOSED_HEADERS =
      "X-Request-Id, Retry-After, Location, Content-Range";

  public record Settings(
      double perSecond,
      int burst,
      int maxClients,
      List<String> allowedOrigins,
      Duration corsMaxAge,
      List<String> trustedProxies,
      ClientAddress.Header forwardedHeader,
      Duration bodyIdleTimeout,
      long smallBodyBytes,
      Duration smallBodyTimeout) {

    public static Settings fromConfig(Config root) {
      Config g = root.getConfig("reel.gateway");
      return new Settings(
          g.getDouble("rate-limit.per-second"),
          g.getInt("rate-limit.burst"),
          g.getInt("rate-limit.max-clients"),
          g.getStringList("cors.allowed-origins"),
          g.getDuration("cors.max-age"),
          g.getStringList("trusted-proxies"),
          ClientAddress.Header.parse(g.getString("forwarded-header")),
          g.getDuration("body.idle-timeout"),
          g.getBytes("body.small-body-bytes"),
          g.getDuration("body.small-body-timeout"));
    }
  }

  private final Settings settings;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Supplier<Long> nanos;
  private final Cors cors;
  private final ClientAddress clients;

  public Gateway(Settings settings) {
    this(settings, System::nanoTime);
  }

  Gateway(Settings settings, Supplier<Long> nanos) {
    this.settings = settings;
    this.nanos = nanos;
    this.clients = new ClientAddress(settings.trustedProxies(), settings.forwardedHeader());
    this.cors =
        new Cors(
            new Cors.Policy(
                settings.allowedOrigins(),
                "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
                ALLOWED_HEADERS,
                EXPOSED_HEADERS,
                settings.corsMaxAge()));
  }

  public Route wrap(Route inner) {
    return requestId(
        () ->
            withRequestTimeoutResponse(
                Gateway::timedOut,
                () -> cors.wrap(() -> rateLimited(mapRequest(this::bodyDeadlines, () -> inner)))));
  }

  private Route requestId(Supplier<Route> inner) {
    return optionalHeaderValueByName(
        "X-Request-Id",
        given -> {
          String id =
              given
                  .filter(v -> REQUEST_ID.matcher(v).matches())
                  .orElseGet(() -> UUID.randomUUID().toString());
          return respondWithHeader(RawHeader.create("X-Request-Id", id), inner);
        });
  }

  private Route rateLimited(Route inner) {
    return clients.resolved(
        client -> {
          long wait = take(client);
          if (wait == 0) {
            return inner;
          }
          long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
          return respondWithHeader(
              RetryAfter.create(seconds),
              () ->
                  complete(
                      Problem.response(
                          StatusCodes.TOO_MANY_REQUESTS,
                          "too many requests from this client; retry after " + seconds + " s")));
        });
  }

  /** The route did not answer within the request timeout (which starts after the body is in). */
  private static HttpResponse timedOut(HttpRequest request) {
    return Problem.response(
        StatusCodes.SERVICE_UNAVAILABLE, "the service did not answer in time; retry shortly");
  }

  /**
   * The body fails with {@link BodyTimeout} when no byte arrives for the idle timeout, and a small
   * one when it is not complete within its deadline. (The idle clock also runs while the route does
   * not pull: a consumer that stalls a body that long fails it too, which only a route stuck for
   * the whole timeout could do.) A declared length is kept (routes check it before reading); a body
   * already in memory needs no deadline.
   */
  HttpRequest bodyDeadlines(HttpRequest request) {
    RequestEntity entity = request.entity();
    if (entity.isKnownEmpty() || entity instanceof HttpEntity.Strict) {
      return request;
    }
    OptionalLong length = entity.getContentLengthOption();
    Source<ByteString, Object> bytes =
        entity
            .getDataBytes()
            .idleTimeout(settings.bodyIdleTimeout())
            .mapError(
                timeoutAs(
                    "no part of the request body arrived for "
                        + BodyTimeout.seconds(settings.bodyIdleTimeout())));
    if (length.isPresent() && length.getAsLong() <= settings.smallBodyBytes()) {
      bytes =
          bytes
              .completionTimeout(settings.smallBodyTimeout())
              .mapError(
                  timeoutAs(
                      "the request body was not complete within "
                          + BodyTimeout.seconds(settings.smallBodyTimeout())));
    }
    RequestEntity limited =
        length.isPresent()
            ? HttpEntities.create(entity.getContentType(), length.getAsLong(), bytes)
            : HttpEntities.createChunked(entity.getContentType(), bytes);
    return request.withEntity(limited);
  }

  private static scala.PartialFunction<Throwable, Throwable> timeoutAs(String message) {
    return new PFBuilder<Throwable, Throwable>()
        .match(TimeoutException.class, e -> new BodyTimeout(message))
        .build();
  }

  /** 0 when a token was taken, else nanoseconds until one is available. */
  long take(String client) {
    if (buckets.size() > settings.maxClients()) {
      buckets.clear(); // bounded memory under an address-spraying flood: forget, stay up
    }
    Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(settings.burst(), nanos.get()));
    synchronized (b) {
      long now = nanos.get();
      double refill = (now - b.last) / 1e9 * settings.perSecond();
      b.tokens = Math.min(settings.burst(), b.tokens + refill);
      b.last = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return (long) ((1 - b.tokens) / settings.perSecond() * 1e9);
    }
  }

  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long last) {
      this.tokens = tokens;
      this.last = last;
    }
  }
}

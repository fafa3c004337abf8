package io.reel.http;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * CORS for browser clients, the one implementation for the API gateway and the edge. An allowed
 * {@code Origin} gets {@code Access-Control-Allow-Origin} and the exposed headers on every answer,
 * errors included, so a browser can read the status; a preflight ({@code OPTIONS}) from an allowed
 * origin is answered here with the allowed methods and headers. A foreign origin gets no CORS
 * headers: the browser refuses, other clients are unaffected.
 */
public final class Cors {

  /** Who may call and what they may send; {@code "*"} in the origins allows any origin. */
  public record Policy(
      List<String> allowedOrigins,
      String allowedMethods,
      String allowedHeaders,
      String exposedHeaders,
      Duration maxAge) {}

  private static final HttpHeader VARY_ORIGIN = RawHeader.create("Vary", "Origin");
  private static final HttpHeader ANY_ORIGIN = RawHeader.create("Access-Control-Allow-Origin", "*");

  private final Policy policy;
  private final boolean anyOrigin;
  private final HttpHeader expose;
  private final List<HttpHeader> preflight;

  public Cors(Policy policy) {
    this.policy = policy;
    this.anyOrigin = policy.allowedOrigins().contains("*");
    this.expose = RawHeader.create("Access-Control-Expose-Headers", policy.exposedHeaders());
    this.preflight =
        List.of(
            RawHeader.create("Access-Control-Allow-Methods", policy.allowedMethods()),
            RawHeader.create("Access-Control-Allow-Headers", policy.allowedHeaders()),
            RawHeader.create("Access-Control-Max-Age", Long.toString(policy.maxAge().toSeconds())));
  }

  public Route wrap(Supplier<Route> inner) {
    return optionalHeaderValueByName(
        "Origin",
        origin -> {
          Optional<List<HttpHeader>> allowed = origin.flatMap(this::allow);
          if (allowed.isEmpty()) {
            return inner.get();
          }
          return respondWithHeaders(
              allowed.get(),
              () ->
                  extractMethod(
                      method ->
                          method.equals(HttpMethods.OPTIONS)
                              ? complete(
                                  HttpResponse.create()
                                      .withStatus(StatusCodes.NO_CONTENT)
                                      .addHeaders(preflight))
                              : inner.get()));
        });
  }

  private Optional<List<HttpHeader>> allow(String origin) {
    if (anyOrigin) {
      return Optional.of(List.of(ANY_ORIGIN, expose));
    }
    if (policy.allowedOrigins().contains(origin)) {
      return Optional.of(
          List.of(RawHeader.create("Access-Control-Allow-Origin", origin), expose, VARY_ORIGIN));
    }
    return Optional.empty();
  }
}

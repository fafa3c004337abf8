package io.reel.write.auth;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.http.JsonRequests;
import io.reel.http.Problem;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public key set and the refresh-token endpoints. Every refused refresh gets the same 401 so a
 * caller learns nothing about which check failed; the log has the reason only for reuse.
 */
public final class TokenRoutes {

  private static final Logger log = LoggerFactory.getLogger(TokenRoutes.class);
  private static final String REFUSED = "the refresh token is not valid; sign in again";

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RefreshRequest(String refreshToken) {}

  public record TokenResponse(
      String accessToken,
      Instant accessExpiresAt,
      String refreshToken,
      Instant refreshExpiresAt,
      String tokenType) {}

  private final Tokens tokens;
  private final SigningKeys keys;
  private final ObjectMapper mapper;
  private final long maxBodyBytes;

  /** {@code mapper} must write {@link Instant} (JavaTimeModule), as Pekko's configured one does. */
  public TokenRoutes(Tokens tokens, SigningKeys keys, ObjectMapper mapper, long maxBodyBytes) {
    this.tokens = tokens;
    this.keys = keys;
    this.mapper = mapper;
    this.maxBodyBytes = maxBodyBytes;
  }

  public Route routes() {
    return concat(
        path(
            PathMatchers.segment(".well-known").slash("jwks.json"),
            () ->
                get(
                    () ->
                        respondWithHeader(
                            CacheControl.create(CacheDirectives.MAX_AGE(300)),
                            () ->
                                complete(
                                    HttpResponse.create()
                                        .withEntity(
                                            ContentTypes.APPLICATION_JSON, keys.jwksJson()))))),
        pathPrefix(
            "auth",
            () ->
                concat(
                    path("token", () -> post(() -> withBody(this::refresh))),
                    path("signout", () -> post(() -> withBody(this::signOut))))));
  }

  private Route withBody(Function<RefreshRequest, Route> inner) {
    return withSizeLimit(
        maxBodyBytes, () -> entity(JsonRequests.unmarshaller(mapper, RefreshRequest.class), inner));
  }

  private Route refresh(RefreshRequest req) {
    CompletionStage<Route> answer =
        tokens
            .refresh(req.refreshToken())
            .handle(
                (pair, e) -> {
                  if (e == null) {
                    return noStore(
                        complete(
                            StatusCodes.OK,
                            new TokenResponse(
                                pair.accessToken(),
                                pair.accessExpiresAt(),
                                pair.refreshToken(),
                                pair.refreshExpiresAt(),
                                "Bearer"),
                            Jackson.marshaller(mapper)));
                  }
                  Throwable cause = unwrap(e);
                  if (cause instanceof Tokens.TokenRejected) {
                    return noStore(complete(Problem.response(StatusCodes.UNAUTHORIZED, REFUSED)));
                  }
                  // The store is down: not the client's fault, and its session is still good.
                  log.error("token refresh failed", cause);
                  return complete(
                      Problem.response(
                          StatusCodes.SERVICE_UNAVAILABLE, "cannot refresh tokens right now"));
                });
    return onSuccess(answer, r -> r);
  }

  private Route signOut(RefreshRequest req) {
    CompletionStage<Route> answer =
        tokens
            .revoke(req.refreshToken())
            .handle(
                (d, e) -> {
                  if (e != null) {
                    log.error("sign-out could not revoke the token family", unwrap(e));
                  }
                  return complete(StatusCodes.NO_CONTENT);
                });
    return onSuccess(answer, r -> r);
  }

  private static Route noStore(Route inner) {
    List<HttpHeader> headers =
        List.of(
            CacheControl.create(CacheDirectives.NO_STORE), RawHeader.create("Pragma", "no-cache"));
    return respondWithHeaders(headers, () -> inner);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}

package io.reel.http.auth;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import io.reel.http.Problem;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Routes that need a signed-in account: the access token comes as {@code Authorization: Bearer} and
 * is checked locally (signature, expiry, algorithm), then its session is checked to be still open
 * (from a cache). A missing, bad or revoked token gets 401 with a {@code WWW-Authenticate}
 * challenge and a problem body that does not say which check failed. {@link #operator} further
 * needs the operator role: a signed-in viewer gets 403.
 */
public final class AuthDirectives {

  private AuthDirectives() {}

  public static Route authenticated(
      AccessTokens tokens, Function<AccessTokens.AccessClaims, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        header -> {
          Optional<AccessTokens.AccessClaims> claims =
              header
                  .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                  .map(h -> h.substring(7).trim())
                  .flatMap(tokens::verify);
          if (claims.isEmpty()) {
            return unauthorized();
          }
          return onSuccess(
              tokens.live(claims.get()), live -> live ? inner.apply(claims.get()) : unauthorized());
        });
  }

  /** Operators only: 401 without a valid token, 403 for a token without the operator role. */
  public static Route operator(
      AccessTokens tokens, Function<AccessTokens.AccessClaims, Route> inner) {
    return authenticated(
        tokens,
        claims ->
            claims.operator()
                ? inner.apply(claims)
                : complete(
                    Problem.response(
                        StatusCodes.FORBIDDEN, "this route is for operators of this Reel")));
  }

  private static Route unauthorized() {
    return respondWithHeader(
        WWWAuthenticate.create(HttpChallenge.create("Bearer", "reel")),
        () ->
            complete(
                Problem.response(
                    StatusCodes.UNAUTHORIZED,
                    "a valid access token is required (Authorization: Bearer)")));
  }
}

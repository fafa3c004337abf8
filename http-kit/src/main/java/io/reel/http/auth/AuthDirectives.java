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
 * is checked locally (signature, expiry, algorithm). A missing or bad token gets 401 with a {@code
 * WWW-Authenticate} challenge and a problem body that does not say which check failed.
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
            return respondWithHeader(
                WWWAuthenticate.create(HttpChallenge.create("Bearer", "reel")),
                () ->
                    complete(
                        Problem.response(
                            StatusCodes.UNAUTHORIZED,
                            "a valid access token is required (Authorization: Bearer)")));
          }
          return inner.apply(claims.get());
        });
  }
}

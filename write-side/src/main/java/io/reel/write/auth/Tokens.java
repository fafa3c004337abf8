package io.reel.write.auth;

import io.reel.http.auth.AccessTokens;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Access and refresh tokens. Access tokens are short-lived signed JWTs checked without a database
 * round trip; refresh tokens are opaque, rotate on every use, and belong to a family: presenting an
 * already-used refresh token revokes the whole family (it was stolen or replayed).
 */
public interface Tokens extends AccessTokens {

  /** Signed in: a new refresh-token family and its first pair. */
  CompletionStage<TokenPair> issue(String accountId);

  /**
   * Rotates: the presented token is used up and a new pair is returned. Fails with {@link
   * TokenRejected} for an unknown, expired, revoked or reused token (reuse revokes its family).
   */
  CompletionStage<TokenPair> refresh(String refreshToken);

  /** Sign-out: revokes the family of this refresh token. Unknown tokens are ignored. */
  CompletionStage<Done> revoke(String refreshToken);

  /** Revokes every family of an account (password change, account closed). */
  CompletionStage<Done> revokeAll(String accountId);

  record TokenPair(
      String accessToken, Instant accessExpiresAt, String refreshToken, Instant refreshExpiresAt) {
    @Override
    public String toString() {
      return "TokenPair[accessExpiresAt=" + accessExpiresAt + "]";
    }
  }

  /** A refresh token was refused; {@code reused} when it was an already-used one. */
  final class TokenRejected extends RuntimeException {
    private final boolean reused;

    public TokenRejected(String message, boolean reused) {
      super(message, null, false, false);
      this.reused = reused;
    }

    public boolean reused() {
      return reused;
    }
  }
}

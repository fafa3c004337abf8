package io.reel.write.auth;

import io.reel.http.auth.AccessTokens;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Access and refresh tokens. Access tokens are short-lived signed JWTs checked without a database
 * round trip; refresh tokens are opaque, rotate on every use, and belong to a family: presenting an
 * already-used refresh token revokes the whole family (it was stolen or replayed).
 */
public interface Tokens extends AccessTokens {

  /**
   * Signed in: a new refresh-token family and its first pair.
   *
   * @param device the sign-in's {@link DeviceLabel}, shown in the account's list of sessions
   */
  CompletionStage<TokenPair> issue(String accountId, String device);

  /** Signed in from a device nothing is known about. */
  default CompletionStage<TokenPair> issue(String accountId) {
    return issue(accountId, DeviceLabel.UNKNOWN);
  }

  /**
   * Rotates: the presented token is used up and a new pair is returned. Fails with {@link
   * TokenRejected} for an unknown, expired, revoked or reused token (reuse revokes its family).
   */
  CompletionStage<TokenPair> refresh(String refreshToken);

  /** Sign-out: revokes the family of this refresh token. Unknown tokens are ignored. */
  CompletionStage<Done> revoke(String refreshToken);

  /** Revokes every family of an account (password change, account closed). */
  CompletionStage<Done> revokeAll(String accountId);

  /**
   * The account's open sign-in sessions (neither signed out, revoked nor past their end), the most
   * recently used first.
   */
  CompletionStage<List<SignInSession>> sessions(String accountId);

  /**
   * Signs one session of the account out, wherever it is: its refresh tokens stop at once, its
   * access tokens on this node at once and elsewhere within the session-check TTL. False when the
   * account has no open session of that id (someone else's id is no different from an unknown one).
   */
  CompletionStage<Boolean> endSession(String accountId, UUID sessionId);

  /**
   * One open sign-in: {@code id} is the session id access tokens carry (so a caller can tell which
   * one is its own); {@code lastUsedAt} is the last sign-in or token refresh.
   */
  record SignInSession(
      UUID id, String device, Instant signedInAt, Instant lastUsedAt, Optional<Instant> endsAt) {}

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

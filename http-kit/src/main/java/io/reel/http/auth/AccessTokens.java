package io.reel.http.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The verify-only half of access tokens: what a route needs to know who calls it. Issuing and
 * rotating tokens is the accounts module's business ({@code io.reel.write.auth.Tokens}); modules
 * that only check a caller depend on this port, not on the accounts implementation.
 */
public interface AccessTokens {

  /** The role that may call operational routes ({@code /admin}). */
  String OPERATOR = "operator";

  /** Checks signature, issuer, audience, expiry and algorithm; empty when any check fails. */
  Optional<AccessClaims> verify(String accessToken);

  /**
   * Whether the sign-in session the claims belong to is still open: false once it was signed out,
   * or the account changed its password or was closed. Answered from a short-lived cache, so a
   * revocation on another node takes effect within that cache's lifetime.
   */
  CompletionStage<Boolean> live(AccessClaims claims);

  /**
   * @param sessionId the sign-in session (refresh-token family) the token was issued in
   * @param roles roles granted to the account when the token was issued
   */
  record AccessClaims(
      String accountId, String tokenId, Instant expiresAt, String sessionId, Set<String> roles) {
    public AccessClaims {
      roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public boolean operator() {
      return roles.contains(OPERATOR);
    }
  }
}

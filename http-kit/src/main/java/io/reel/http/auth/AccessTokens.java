package io.reel.http.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * The verify-only half of access tokens: what a route needs to know who calls it. Issuing and
 * rotating tokens is the accounts module's business ({@code io.reel.write.auth.Tokens}); modules
 * that only check a caller depend on this port, not on the accounts implementation.
 */
public interface AccessTokens {

  /** Checks signature, issuer, audience, expiry and algorithm; empty when any check fails. */
  Optional<AccessClaims> verify(String accessToken);

  record AccessClaims(String accountId, String tokenId, Instant expiresAt) {}
}

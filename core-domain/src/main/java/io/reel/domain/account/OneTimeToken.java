package io.reel.domain.account;

import java.time.Instant;

/**
 * A pending e-mailed token: only the SHA-256 of the token (hex) is kept, so the journal cannot be
 * used to verify an address or reset a password.
 */
public record OneTimeToken(String tokenHash, Instant expiresAt) {

  public boolean matches(String presentedHash, Instant now) {
    return presentedHash != null
        && now.isBefore(expiresAt)
        && java.security.MessageDigest.isEqual(
            tokenHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            presentedHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}

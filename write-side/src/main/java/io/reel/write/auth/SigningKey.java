package io.reel.write.auth;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;

/**
 * One ES256 key pair. {@code generation} orders keys and is the slot a rotation claims (insert if
 * not exists), so concurrent rotations on several nodes end with exactly one key per generation.
 * The kid is the RFC 7638 thumbprint of the public key.
 */
public record SigningKey(long generation, String kid, Instant createdAt, ECKey jwk) {

  public SigningKey {
    if (!jwk.isPrivate()) {
      throw new IllegalArgumentException("a signing key needs its private part");
    }
  }

  public ECKey publicJwk() {
    return jwk.toPublicJWK();
  }

  /** Never prints the private key. */
  @Override
  public String toString() {
    return "SigningKey[generation="
        + generation
        + ", kid="
        + kid
        + ", createdAt="
        + createdAt
        + "]";
  }
}

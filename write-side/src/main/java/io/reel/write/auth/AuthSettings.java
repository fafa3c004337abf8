package io.reel.write.auth;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code reel.auth} from reference.conf, read once.
 *
 * @param familyMaxLifetime absolute lifetime of a refresh-token family (a sign-in); empty = a
 *     family lives as long as it keeps rotating within {@code refreshTtl}
 * @param keyRefreshInterval how often a node reloads signing keys; also the delay before a new key
 *     signs, so every node has loaded it before tokens carrying its kid appear
 * @param sessionCheckTtl how long a node trusts its cached answer to "is this sign-in session still
 *     open": the longest a token of a session revoked on another node keeps working
 */
public record AuthSettings(
    String issuer,
    String audience,
    Duration accessTtl,
    Duration refreshTtl,
    Optional<Duration> familyMaxLifetime,
    Duration keyRotation,
    Duration clockSkew,
    Duration keyRefreshInterval,
    long maxBodyBytes,
    Duration sessionCheckTtl) {

  public AuthSettings {
    requirePositive("access-ttl", accessTtl);
    requirePositive("refresh-ttl", refreshTtl);
    requirePositive("key-rotation", keyRotation);
    requirePositive("key-refresh-interval", keyRefreshInterval);
    requirePositive("session-check-ttl", sessionCheckTtl);
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("reel.auth.clock-skew must not be negative");
    }
    if (issuer.isBlank() || audience.isBlank()) {
      throw new IllegalArgumentException("reel.auth.issuer and reel.auth.audience must be set");
    }
  }

  public static AuthSettings fromConfig(Config root) {
    Config c = root.getConfig("reel.auth");
    Optional<Duration> familyMax =
        c.getString("family-max-lifetime").equalsIgnoreCase("off")
            ? Optional.empty()
            : Optional.of(c.getDuration("family-max-lifetime"));
    return new AuthSettings(
        c.getString("issuer"),
        c.getString("audience"),
        c.getDuration("access-ttl"),
        c.getDuration("refresh-ttl"),
        familyMax,
        c.getDuration("key-rotation"),
        c.getDuration("clock-skew"),
        c.getDuration("key-refresh-interval"),
        c.getBytes("max-body-bytes"),
        c.getDuration("session-check-ttl"));
  }

  /** Longest a signing key is still needed after its successor was created. */
  public Duration keyRetention() {
    return keyRefreshInterval.plus(accessTtl).plus(clockSkew);
  }

  private static void requirePositive(String name, Duration d) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("reel.auth." + name + " must be positive");
    }
  }
}

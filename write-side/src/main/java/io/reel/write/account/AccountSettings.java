package io.reel.write.account;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;

/** {@code reel.accounts} from reference.conf, read once. */
public record AccountSettings(
    int tagCount,
    Duration askTimeout,
    Optional<String> role,
    int argon2MemoryKib,
    int argon2Iterations,
    int argon2Parallelism,
    HashingPool.Settings hashing,
    SignInThrottle.Settings throttle,
    Duration verificationTtl,
    Duration resetTtl,
    String publicBaseUrl,
    String mailFile) {

  public static AccountSettings fromConfig(Config root) {
    Config c = root.getConfig("reel.accounts");
    String role = c.getString("sharding-role");
    return new AccountSettings(
        c.getInt("tag-count"),
        c.getDuration("ask-timeout"),
        role.isBlank() ? Optional.empty() : Optional.of(role),
        c.getInt("argon2.memory-kib"),
        c.getInt("argon2.iterations"),
        c.getInt("argon2.parallelism"),
        new HashingPool.Settings(
            c.getInt("argon2.threads"),
            c.getInt("argon2.queue"),
            c.getDuration("argon2.busy-retry-after")),
        SignInThrottle.Settings.fromConfig(c.getConfig("sign-in-throttle")),
        c.getDuration("verification-ttl"),
        c.getDuration("reset-ttl"),
        c.getString("public-base-url"),
        c.getString("mail-file"));
  }
}

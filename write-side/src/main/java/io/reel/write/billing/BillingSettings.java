package io.reel.write.billing;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;

/** {@code reel.billing} from reference.conf, read once. */
public record BillingSettings(
    int tagCount,
    Duration askTimeout,
    Optional<String> role,
    int trialDays,
    Duration tickInterval,
    int timeoutRetries,
    Duration timeoutRetryDelay,
    int dueLookbackDays,
    int maxConcurrentCharges) {

  public static BillingSettings fromConfig(Config root) {
    Config c = root.getConfig("reel.billing");
    String role = c.getString("sharding-role");
    return new BillingSettings(
        c.getInt("tag-count"),
        c.getDuration("ask-timeout"),
        role.isBlank() ? Optional.empty() : Optional.of(role),
        c.getInt("trial-days"),
        c.getDuration("scheduler.tick-interval"),
        c.getInt("runner.timeout-retries"),
        c.getDuration("runner.timeout-retry-delay"),
        c.getInt("scheduler.due-lookback-days"),
        c.getInt("scheduler.max-concurrent"));
  }
}

package io.reel.write.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing, per account (keyed by e-mail hash, so unknown addresses are
 * throttled alike and the throttle reveals nothing) and per client address. After {@code
 * freeFailures} failures each further one blocks the key for {@code baseDelay} doubling up to
 * {@code maxDelay}. Success clears the account's key only: one valid account must not clear an
 * address that is stuffing credentials into many. A key forgets its failures after {@code maxDelay}
 * without one.
 *
 * <p>In memory and per node, bounded (least recently used keys are dropped): a node-local brake,
 * not a global counter. Shard sign-ins by e-mail or add a shared store if that is not enough.
 */
public final class SignInThrottle {

  private record Entry(int failures, Instant lastFailure, Instant blockedUntil) {}

  private final int freeFailures;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Clock clock;
  private final Map<String, Entry> entries;

  public SignInThrottle(
      int freeFailures, Duration baseDelay, Duration maxDelay, int maxKeys, Clock clock) {
    this.freeFailures = freeFailures;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maxKeys;
          }
        };
  }

  public static SignInThrottle fromSettings(AccountSettings s, Clock clock) {
    return new SignInThrottle(
        s.throttleFreeFailures(),
        s.throttleBaseDelay(),
        s.throttleMaxDelay(),
        s.throttleMaxKeys(),
        clock);
  }

  public static String accountKey(String emailHash) {
    return "account:" + emailHash;
  }

  public static String clientKey(String clientIp) {
    return "client:" + clientIp;
  }

  /** How long the caller must wait before trying any of these keys again; empty when it may. */
  public synchronized Optional<Duration> retryAfter(String... keys) {
    Instant now = clock.instant();
    Duration longest = Duration.ZERO;
    for (String key : keys) {
      Entry e = current(key, now);
      if (e != null && e.blockedUntil().isAfter(now)) {
        Duration wait = Duration.between(now, e.blockedUntil());
        longest = wait.compareTo(longest) > 0 ? wait : longest;
      }
    }
    return longest.isZero() ? Optional.empty() : Optional.of(longest);
  }

  public synchronized void failure(String... keys) {
    Instant now = clock.instant();
    for (String key : keys) {
      Entry e = current(key, now);
      int failures = e == null ? 1 : e.failures() + 1;
      Instant blockedUntil = now;
      if (failures >= freeFailures) {
        blockedUntil = now.plus(delay(failures - freeFailures));
      }
      entries.put(key, new Entry(failures, now, blockedUntil));
    }
  }

  public synchronized void success(String accountKey) {
    entries.remove(accountKey);
  }

  private Entry current(String key, Instant now) {
    Entry e = entries.get(key);
    if (e != null
        && e.lastFailure().plus(maxDelay).isBefore(now)
        && !e.blockedUntil().isAfter(now)) {
      entries.remove(key);
      return null;
    }
    return e;
  }

  private Duration delay(int step) {
    // 2^step, without overflow: anything past 2^30 is beyond any sane cap anyway.
    Duration d = baseDelay.multipliedBy(1L << Math.min(step, 30));
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }
}

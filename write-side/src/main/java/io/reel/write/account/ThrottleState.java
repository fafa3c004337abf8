package io.reel.write.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sign-in throttle's bookkeeping for one key, without actors or clocks of its own: the state of
 * one throttle entity. Two kinds:
 *
 * <ul>
 *   <li>an <b>account</b> (keyed by e-mail hash): one counter per client that tried it, plus the
 *       account-wide failure count. A client's own failures block only that client. The
 *       account-wide count never blocks anyone: past {@code stepUpAfter} it is a step-up signal,
 *       and from then on a client backs off from its first failure instead of after its free ones.
 *       A client with no failures of its own on the account is never refused because of others, so
 *       an attacker failing from many addresses cannot lock the owner out.
 *   <li>a <b>client</b> (an address, see {@code ClientAddress}): its failures across all accounts,
 *       with a larger free allowance (credential stuffing from one address).
 * </ul>
 *
 * <p>A check is <b>reserved</b> before the password is hashed: a counter grants as many concurrent
 * reservations as it has free failures left (at least one once its back-off is over), so N
 * concurrent guesses cannot all get past before the first failure is recorded. A reservation whose
 * outcome never arrives (a crashed node) frees itself after {@code reservationTimeout}.
 *
 * <p>Not thread-safe: one actor (or one lock) owns it.
 */
final class ThrottleState {

  enum Kind {
    ACCOUNT,
    CLIENT
  }

  private static final String ACCOUNT_WIDE = "";

  private static final class Counter {
    int failures;
    Instant lastFailure = Instant.EPOCH;
    Instant blockedUntil = Instant.EPOCH;
    final Map<String, Instant> inFlight = new LinkedHashMap<>();
  }

  private final Kind kind;
  private final SignInThrottle.Settings settings;
  private final Map<String, Counter> counters;

  ThrottleState(Kind kind, SignInThrottle.Settings settings) {
    this.kind = kind;
    this.settings = settings;
    int max = settings.maxClientsPerAccount();
    // Least recently used clients of an account are forgotten first: a spray of addresses can
    // only make the account forget failures (lenient), never block the owner.
    this.counters =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Counter> eldest) {
            return size() > max + 1;
          }
        };
  }

  /**
   * Reserves one password check.
   *
   * @param client the client for an account's state; ignored for a client's own
   * @return {@link Duration#ZERO} when reserved, else how long to wait
   */
  Duration reserve(String client, String reservationId, Instant now) {
    Counter c = current(sub(client), now);
    if (c == null) {
      c = new Counter();
      counters.put(sub(client), c);
    }
    if (c.blockedUntil.isAfter(now)) {
      return Duration.between(now, c.blockedUntil);
    }
    int allowance = Math.max(1, freeFailures() - c.failures);
    if (c.inFlight.size() >= allowance) {
      // As many checks as may fail are under way: wait for their outcome.
      return settings.baseDelay();
    }
    c.inFlight.put(reservationId, now.plus(settings.reservationTimeout()));
    return Duration.ZERO;
  }

  void failed(String client, String reservationId, Instant now) {
    boolean stepUp =
        kind == Kind.ACCOUNT && accountWideFailures(now) >= settings.accountStepUpAfter();
    Counter c = counters.computeIfAbsent(sub(client), k -> new Counter());
    c.inFlight.remove(reservationId);
    c.failures++;
    c.lastFailure = now;
    int free = stepUp ? 1 : freeFailures();
    if (c.failures >= free) {
      c.blockedUntil = now.plus(delay(c.failures - free));
    }
    if (kind == Kind.ACCOUNT) {
      Counter all = counters.computeIfAbsent(ACCOUNT_WIDE, k -> new Counter());
      all.failures++;
      all.lastFailure = now;
    }
  }

  /**
   * The password was right: an account forgets that client's failures and the step-up signal (the
   * owner is in). A client's own counter only drops the reservation: one valid account must not
   * clear an address that is stuffing credentials into many.
   */
  void succeeded(String client, String reservationId, Instant now) {
    if (kind == Kind.ACCOUNT) {
      counters.remove(sub(client));
      counters.remove(ACCOUNT_WIDE);
    } else {
      released(client, reservationId, now);
    }
  }

  /** No check happened (the hashing pool was full, another key refused): nothing is counted. */
  void released(String client, String reservationId, Instant now) {
    Counter c = counters.get(sub(client));
    if (c != null) {
      c.inFlight.remove(reservationId);
    }
  }

  /** Nothing worth keeping: no failures to remember, no reservation under way. */
  boolean isEmpty(Instant now) {
    for (String key : List.copyOf(counters.keySet())) {
      current(key, now);
    }
    return counters.isEmpty();
  }

  int accountWideFailures(Instant now) {
    Counter c = current(ACCOUNT_WIDE, now);
    return c == null ? 0 : c.failures;
  }

  private String sub(String client) {
    return kind == Kind.ACCOUNT ? "c:" + client : "c";
  }

  private int freeFailures() {
    return kind == Kind.ACCOUNT ? settings.freeFailures() : settings.clientFreeFailures();
  }

  /** The counter, or null once it has nothing left to say (then it is dropped). */
  private Counter current(String key, Instant now) {
    Counter c = counters.get(key);
    if (c == null) {
      return null;
    }
    for (Iterator<Instant> it = c.inFlight.values().iterator(); it.hasNext(); ) {
      if (!it.next().isAfter(now)) {
        it.remove();
      }
    }
    boolean forgotten = c.failures == 0 || !c.lastFailure.plus(settings.maxDelay()).isAfter(now);
    if (forgotten && !c.blockedUntil.isAfter(now) && c.inFlight.isEmpty()) {
      counters.remove(key);
      return null;
    }
    if (forgotten && !c.blockedUntil.isAfter(now)) {
      c.failures = 0;
    }
    return c;
  }

  private Duration delay(int step) {
    // 2^step, without overflow: anything past 2^30 is beyond any sane cap anyway.
    Duration d = settings.baseDelay().multipliedBy(1L << Math.min(step, 30));
    return d.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : d;
  }
}

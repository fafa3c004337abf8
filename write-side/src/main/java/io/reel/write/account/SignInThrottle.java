package io.reel.write.account;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Slows down password guessing (sign-in and the current password of a password change) without ever
 * locking an owner out. Limits hold per (account, client) and per client; the account-wide count
 * only steps up the pace for clients that are failing themselves (see {@link ThrottleState}).
 * Accounts are keyed by e-mail hash, so unknown addresses are throttled alike and the throttle
 * reveals nothing.
 *
 * <p>Every check is reserved first, on the client's key and then on the account's, and reported
 * after the hash: {@link #failed}, {@link #succeeded}, or {@link #released} when no check happened.
 * {@link #sharded} keeps the state in non-persistent sharded entities, so every node of the cluster
 * sees the same counts; {@link #local} keeps it in this JVM (tests, tools).
 */
public abstract class SignInThrottle {

  /** {@code reel.accounts.sign-in-throttle}, read once. */
  public record Settings(
      int freeFailures,
      int clientFreeFailures,
      int accountStepUpAfter,
      Duration baseDelay,
      Duration maxDelay,
      int maxKeys,
      int maxClientsPerAccount,
      Duration reservationTimeout,
      Duration askTimeout) {

    public static Settings fromConfig(Config c) {
      return new Settings(
          c.getInt("free-failures"),
          c.getInt("client-free-failures"),
          c.getInt("account-step-up-after"),
          c.getDuration("base-delay"),
          c.getDuration("max-delay"),
          c.getInt("max-keys"),
          c.getInt("max-clients-per-account"),
          c.getDuration("reservation-timeout"),
          c.getDuration("ask-timeout"));
    }
  }

  /** A reserved check (report its outcome), or a refusal with how long to wait. */
  public record Reservation(String emailHash, String client, String id, Duration retryAfter) {
    public boolean granted() {
      return retryAfter.isZero();
    }
  }

  enum Outcome {
    FAILED,
    SUCCEEDED,
    RELEASED
  }

  /** Reserves on one entity: {@link Duration#ZERO} when reserved, else the wait. */
  abstract CompletionStage<Duration> reserveOn(
      ThrottleState.Kind kind, String key, String client, String reservationId);

  /** Reports to one entity; fire and forget. */
  abstract void report(
      ThrottleState.Kind kind, String key, String client, String reservationId, Outcome outcome);

  SignInThrottle() {}

  public static SignInThrottle local(Settings settings, Clock clock) {
    return new Local(settings, clock);
  }

  /**
   * @param role the cluster role that hosts the throttle entities (the account entities' role)
   */
  public static SignInThrottle sharded(
      ActorSystem<?> system, Settings settings, Optional<String> role) {
    return SignInThrottleEntity.init(system, settings, role);
  }

  /**
   * Reserves one password check of {@code client} against the account of {@code emailHash}: first
   * on the client's key, then on the account's (released again when the account refuses).
   */
  public CompletionStage<Reservation> reserve(String emailHash, String client) {
    String id = UUID.randomUUID().toString();
    return reserveOn(ThrottleState.Kind.CLIENT, client, client, id)
        .thenCompose(
            wait -> {
              if (!wait.isZero()) {
                return CompletableFuture.completedFuture(
                    new Reservation(emailHash, client, id, wait));
              }
              return reserveOn(ThrottleState.Kind.ACCOUNT, emailHash, client, id)
                  .whenComplete(
                      (accountWait, error) -> {
                        if (error != null || !accountWait.isZero()) {
                          report(ThrottleState.Kind.CLIENT, client, client, id, Outcome.RELEASED);
                        }
                      })
                  .thenApply(accountWait -> new Reservation(emailHash, client, id, accountWait));
            });
  }

  /** The outcome of {@link #guard}: refused with a wait, or the check's answer. */
  public record Guarded(Duration retryAfter, boolean ok) {
    public boolean throttled() {
      return !retryAfter.isZero();
    }
  }

  /**
   * A password-like check under the throttle: reserves an attempt of {@code client} on {@code key},
   * runs {@code check} only when granted, and reports its outcome (an error releases the attempt
   * and fails the stage, e.g. with the hashing pool's {@code Overloaded}).
   */
  public CompletionStage<Guarded> guard(
      String key, String client, Supplier<CompletionStage<Boolean>> check) {
    return reserve(key, client)
        .thenCompose(
            r -> {
              if (!r.granted()) {
                return CompletableFuture.completedFuture(new Guarded(r.retryAfter(), false));
              }
              return check
                  .get()
                  .whenComplete(
                      (ok, error) -> {
                        if (error != null) {
                          released(r);
                        } else if (ok) {
                          succeeded(r);
                        } else {
                          failed(r);
                        }
                      })
                  .thenApply(ok -> new Guarded(Duration.ZERO, ok));
            });
  }

  public void failed(Reservation r) {
    both(r, Outcome.FAILED);
  }

  public void succeeded(Reservation r) {
    both(r, Outcome.SUCCEEDED);
  }

  public void released(Reservation r) {
    both(r, Outcome.RELEASED);
  }

  private void both(Reservation r, Outcome outcome) {
    if (r.granted()) {
      report(ThrottleState.Kind.ACCOUNT, r.emailHash(), r.client(), r.id(), outcome);
      report(ThrottleState.Kind.CLIENT, r.client(), r.client(), r.id(), outcome);
    }
  }

  /** One JVM's throttle: the same state as the entities', in a bounded map under one lock. */
  private static final class Local extends SignInThrottle {

    private final Settings settings;
    private final Clock clock;
    private final Map<String, ThrottleState> states;

    Local(Settings settings, Clock clock) {
      this.settings = settings;
      this.clock = clock;
      int max = settings.maxKeys();
      this.states =
          new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ThrottleState> eldest) {
              return size() > max;
            }
          };
    }

    @Override
    synchronized CompletionStage<Duration> reserveOn(
        ThrottleState.Kind kind, String key, String client, String reservationId) {
      ThrottleState s =
          states.computeIfAbsent(kind + "|" + key, k -> new ThrottleState(kind, settings));
      return CompletableFuture.completedFuture(s.reserve(client, reservationId, clock.instant()));
    }

    @Override
    synchronized void report(
        ThrottleState.Kind kind, String key, String client, String reservationId, Outcome outcome) {
      String k = kind + "|" + key;
      ThrottleState s = states.computeIfAbsent(k, x -> new ThrottleState(kind, settings));
      SignInThrottleEntity.apply(s, client, reservationId, outcome, clock.instant());
      if (s.isEmpty(clock.instant())) {
        states.remove(k);
      }
    }
  }
}

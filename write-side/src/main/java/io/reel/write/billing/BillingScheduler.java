package io.reel.write.billing;

import io.reel.domain.billing.BillingDueStore;
import io.reel.domain.billing.Invoice;
import io.reel.domain.billing.SubscriptionCommand;
import io.reel.domain.billing.SubscriptionState;
import io.reel.domain.billing.Subscriptions;
import io.reel.write.entity.HomeRegion;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic billing tick. It reads which accounts are due from the {@link BillingDueStore}
 * (durable, kept from events by the billing-due projection), then for each re-reads the
 * subscription and does what its state asks: invoice the next period, charge an open invoice, retry
 * a past-due one, or expire a cancelled one.
 *
 * <p>Safe to run twice, concurrently, on several nodes or after a restart: RunBillingCycle issues
 * at most one invoice per period, the charge's idempotency key is the invoice id, and a payment
 * recorded twice changes nothing. It runs as a cluster singleton only to save work.
 */
public final class BillingScheduler {

  private static final Logger log = LoggerFactory.getLogger(BillingScheduler.class);

  private final BillingDueStore due;
  private final SubscriptionGateway subscriptions;
  private final BillingRunner runner;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();

  public BillingScheduler(
      BillingDueStore due, SubscriptionGateway subscriptions, BillingRunner runner, Clock clock) {
    this.due = due;
    this.subscriptions = subscriptions;
    this.runner = runner;
    this.clock = clock;
  }

  /**
   * Ticks every {@code settings.tickInterval()} on one node of the cluster (a cluster singleton on
   * the billing role in the home region, so one tick per period across all regions; it moves when
   * that node leaves). A tick still running makes the next skip.
   */
  public void startSingleton(ActorSystem<?> system, BillingSettings settings) {
    ClusterSingletonSettings singleton = HomeRegion.singleton(system, settings.role());
    ClusterSingleton.get(system)
        .init(
            SingletonActor.of(ticking(settings.tickInterval()), "billing-scheduler")
                .withSettings(singleton));
  }

  private enum Tick {
    INSTANCE
  }

  private Behavior<Tick> ticking(java.time.Duration every) {
    return Behaviors.withTimers(
        timers -> {
          timers.startTimerWithFixedDelay(Tick.INSTANCE, every);
          return Behaviors.receiveMessage(
              t -> {
                if (running.compareAndSet(false, true)) {
                  tick()
                      .whenComplete(
                          (n, e) -> {
                            running.set(false);
                            if (e != null) {
                              log.warn("billing tick failed", e);
                            }
                          });
                }
                return Behaviors.same();
              });
        });
  }

  /** One pass over what is due now; completes with how many accounts were looked at. */
  public CompletionStage<Integer> tick() {
    Instant now = clock.instant();
    return due.dueAt(now).thenCompose(entries -> settleAll(entries, 0, now));
  }

  // One account after the other: billing is not latency-sensitive, and it bounds provider load.
  private CompletionStage<Integer> settleAll(
      List<BillingDueStore.Due> entries, int i, Instant now) {
    if (i >= entries.size()) {
      return CompletableFuture.completedFuture(i);
    }
    String account = entries.get(i).accountId();
    return settle(account, now)
        .handle(
            (v, e) -> {
              if (e != null) {
                log.warn("billing of account {} failed; next tick retries", account, e);
              }
              return null;
            })
        .thenCompose(v -> settleAll(entries, i + 1, now));
  }

  /** Does what the account's subscription needs at {@code now}; nothing when nothing is due. */
  public CompletionStage<Void> settle(String accountId, Instant now) {
    return subscriptions
        .ask(accountId, new SubscriptionCommand.Get())
        .thenCompose(reply -> act(accountId, stateOf(reply), now));
  }

  private CompletionStage<Void> act(String accountId, SubscriptionState state, Instant now) {
    if (state instanceof SubscriptionState.PastDue p) {
      if (p.nextRetryAt() != null && !p.nextRetryAt().isAfter(now)) {
        return runner.settle(p.invoice(), p.failedAttempts() + 1).thenApply(r -> null);
      }
      return done();
    }
    if (state instanceof SubscriptionState.Cancelled c) {
      return c.periodEnd().isAfter(now)
          ? done()
          : subscriptions.ask(accountId, new SubscriptionCommand.Expire(now)).thenApply(r -> null);
    }
    if (state instanceof SubscriptionState.Trial || state instanceof SubscriptionState.Active) {
      Invoice open = Subscriptions.openInvoiceOf(state);
      if (open != null) {
        return runner.settle(open, 1).thenApply(r -> null);
      }
      Instant periodStart = Subscriptions.currentPeriodEnd(state);
      if (periodStart.isAfter(now)) {
        return done();
      }
      return subscriptions
          .ask(accountId, new SubscriptionCommand.RunBillingCycle(periodStart, now))
          .thenCompose(
              reply -> {
                Invoice issued = Subscriptions.openInvoiceOf(stateOf(reply));
                return issued == null ? done() : runner.settle(issued, 1).thenApply(r -> null);
              });
    }
    return done();
  }

  private static SubscriptionState stateOf(SubscriptionReply reply) {
    if (reply instanceof SubscriptionReply.Accepted a) {
      return a.state();
    }
    throw new IllegalStateException(
        "subscription refused: " + ((SubscriptionReply.Rejected) reply).rejection());
  }

  private static CompletionStage<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}

package io.reel.write.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.reel.domain.billing.InMemoryBillingDueStore;
import io.reel.domain.billing.SubscriptionCommand;
import io.reel.domain.billing.SubscriptionEvent;
import io.reel.domain.billing.SubscriptionState;
import io.reel.write.billing.SimulatedPaymentProvider.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BillingSchedulerTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant TRIAL_END = T0.plus(Duration.ofDays(14));

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(T0);

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private final MovableClock clock = new MovableClock();
  private final InMemorySubscriptions subs = new InMemorySubscriptions();
  private final InMemoryBillingDueStore due = new InMemoryBillingDueStore();
  private final SimulatedPaymentProvider provider = new SimulatedPaymentProvider();
  private final BillingScheduler scheduler =
      new BillingScheduler(
          due, subs, new BillingRunner(provider, subs, clock, 1, Duration.ofMillis(5)), clock);

  private void subscribe(String account) throws Exception {
    subs.ask(account, new SubscriptionCommand.Subscribe("premium", T0, 14))
        .toCompletableFuture()
        .get();
    due.schedule(account, TRIAL_END).toCompletableFuture().get();
  }

  @Test
  void tickTwiceOverTheSameDueSetBillsOnce() throws Exception {
    subscribe("acc");
    assertEquals(0, (int) scheduler.tick().toCompletableFuture().get()); // trial still running
    clock.now.set(TRIAL_END.plusSeconds(60));

    scheduler.tick().toCompletableFuture().get();
    scheduler.tick().toCompletableFuture().get(); // the due entry was not moved: same set again

    assertEquals(1, subs.count(SubscriptionEvent.InvoiceIssued.class));
    assertEquals(1, provider.charges().size());
    assertEquals(1999, provider.charges().get(0).amountMinor());
    assertInstanceOf(SubscriptionState.Active.class, subs.state("acc"));
  }

  @Test
  void aFailedChargeIsRetriedWhenDueThenExpires() throws Exception {
    provider.script("acc", Step.DECLINE, Step.DECLINE, Step.DECLINE, Step.DECLINE);
    subscribe("acc");
    clock.now.set(TRIAL_END);
    scheduler.tick().toCompletableFuture().get();
    assertEquals(
        1, assertInstanceOf(SubscriptionState.PastDue.class, subs.state("acc")).failedAttempts());
    scheduler.tick().toCompletableFuture().get(); // retry not due yet
    assertEquals(1, subs.count(SubscriptionEvent.InvoiceFailed.class));
    for (int days : new int[] {1, 3, 7}) {
      clock.now.set(clock.instant().plus(Duration.ofDays(days)));
      scheduler.tick().toCompletableFuture().get();
    }
    assertInstanceOf(SubscriptionState.Expired.class, subs.state("acc"));
    assertEquals(4, subs.count(SubscriptionEvent.InvoiceFailed.class));
    assertEquals(0, provider.charges().size());
  }

  @Test
  void aCancelledSubscriptionExpiresAtItsPeriodEnd() throws Exception {
    subscribe("acc");
    subs.ask("acc", new SubscriptionCommand.Cancel(T0)).toCompletableFuture().get();
    clock.now.set(TRIAL_END);
    scheduler.tick().toCompletableFuture().get();
    assertInstanceOf(SubscriptionState.Expired.class, subs.state("acc"));
    assertEquals(0, provider.charges().size());
  }
}

package io.reel.write.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.reel.domain.billing.Invoice;
import io.reel.domain.billing.SubscriptionCommand;
import io.reel.domain.billing.SubscriptionEvent;
import io.reel.domain.billing.SubscriptionState;
import io.reel.write.billing.SimulatedPaymentProvider.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BillingRunnerTest {

  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static Invoice openInvoice(InMemorySubscriptions subs, String account) throws Exception {
    subs.ask(account, new SubscriptionCommand.Subscribe("basic", NOW, 0))
        .toCompletableFuture()
        .get();
    var reply =
        subs.ask(account, new SubscriptionCommand.RunBillingCycle(NOW, NOW))
            .toCompletableFuture()
            .get();
    return ((SubscriptionState.Trial) ((SubscriptionReply.Accepted) reply).state()).openInvoice();
  }

  @Test
  void timeoutThenSuccessChargesOnceAndPaysTheInvoice() throws Exception {
    InMemorySubscriptions subs = new InMemorySubscriptions();
    SimulatedPaymentProvider provider =
        new SimulatedPaymentProvider().script("acc", Step.TIMEOUT_AFTER_CHARGE, Step.SUCCEED);
    BillingRunner runner = new BillingRunner(provider, subs, CLOCK, 2, Duration.ofMillis(10));
    Invoice invoice = openInvoice(subs, "acc");

    runner.settle(invoice, 1).toCompletableFuture().get();

    assertEquals(1, provider.charges().size());
    assertEquals(invoice.invoiceId(), provider.charges().get(0).idempotencyKey());
    assertEquals(699, provider.charges().get(0).amountMinor());
    assertInstanceOf(SubscriptionState.Active.class, subs.state("acc"));
    assertEquals(1, subs.count(SubscriptionEvent.InvoicePaid.class));
  }

  @Test
  void timeoutsBeyondTheRetriesCountAsAFailedAttempt() throws Exception {
    InMemorySubscriptions subs = new InMemorySubscriptions();
    SimulatedPaymentProvider provider = new SimulatedPaymentProvider().otherwise(Step.TIMEOUT);
    BillingRunner runner = new BillingRunner(provider, subs, CLOCK, 1, Duration.ofMillis(10));
    Invoice invoice = openInvoice(subs, "acc");

    runner.settle(invoice, 1).toCompletableFuture().get();

    assertEquals(0, provider.charges().size());
    SubscriptionState.PastDue pd =
        assertInstanceOf(SubscriptionState.PastDue.class, subs.state("acc"));
    assertEquals(1, pd.failedAttempts());
    assertEquals(NOW.plus(Duration.ofDays(1)), pd.nextRetryAt());
  }

  @Test
  void aDeclineIsRecordedAsAFailedAttempt() throws Exception {
    InMemorySubscriptions subs = new InMemorySubscriptions();
    SimulatedPaymentProvider provider = new SimulatedPaymentProvider().script("acc", Step.DECLINE);
    BillingRunner runner = new BillingRunner(provider, subs, CLOCK, 2, Duration.ofMillis(10));
    runner.settle(openInvoice(subs, "acc"), 1).toCompletableFuture().get();
    assertInstanceOf(SubscriptionState.PastDue.class, subs.state("acc"));
  }
}

package io.reel.write.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.reel.domain.billing.Invoice;
import io.reel.domain.billing.PaymentOutcome;
import io.reel.domain.billing.SubscriptionCommand;
import io.reel.domain.billing.SubscriptionEvent;
import io.reel.domain.billing.SubscriptionState;
import io.reel.domain.billing.SubscriptionTags;
import io.reel.domain.title.Rejection;
import io.reel.write.EntityTestKits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The entity with the real serialization config: the test kit round-trips every message. */
class SubscriptionEntityTest {

  private static final String ACC = "acc-42";
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant TRIAL_END = T0.plus(Duration.ofDays(14));

  private static ActorTestKit testKit;
  private EventSourcedBehaviorTestKit<
          SubscriptionEntity.Command, SubscriptionEvent, SubscriptionState>
      entity;

  @BeforeAll
  static void start() {
    testKit = EntityTestKits.create("SubscriptionEntityTest");
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    entity =
        EventSourcedBehaviorTestKit.create(
            testKit.system(), SubscriptionEntity.create(ACC, new SubscriptionTags(4)));
  }

  private CommandResultWithReply<
          SubscriptionEntity.Command, SubscriptionEvent, SubscriptionState, SubscriptionReply>
      send(SubscriptionCommand command) {
    return entity.runCommand(replyTo -> new SubscriptionEntity.Handle(command, replyTo));
  }

  @Test
  void trialInvoicePaymentAndCancel() {
    var started = send(new SubscriptionCommand.Subscribe("standard", T0, 14));
    assertEquals(
        List.of(new SubscriptionEvent.Started(ACC, "standard", TRIAL_END, T0)), started.events());

    var issued = send(new SubscriptionCommand.RunBillingCycle(TRIAL_END, TRIAL_END));
    Invoice invoice =
        assertInstanceOf(SubscriptionEvent.InvoiceIssued.class, issued.events().get(0)).invoice();
    assertEquals(
        0, send(new SubscriptionCommand.RunBillingCycle(TRIAL_END, TRIAL_END)).events().size());

    var failed =
        send(
            new SubscriptionCommand.RecordPayment(
                invoice.invoiceId(), 1, new PaymentOutcome.TimedOut(), TRIAL_END));
    assertInstanceOf(SubscriptionState.PastDue.class, failed.state());

    var paid =
        send(
            new SubscriptionCommand.RecordPayment(
                invoice.invoiceId(),
                2,
                new PaymentOutcome.Succeeded("ch-9"),
                TRIAL_END.plus(Duration.ofDays(1))));
    assertInstanceOf(SubscriptionState.Active.class, paid.state());

    entity.restart();
    var cancelled = send(new SubscriptionCommand.Cancel(TRIAL_END.plus(Duration.ofDays(2))));
    assertEquals(
        invoice.periodEnd(),
        assertInstanceOf(SubscriptionState.Cancelled.class, cancelled.state()).periodEnd());
    assertEquals(
        1, assertInstanceOf(SubscriptionReply.Accepted.class, cancelled.reply()).eventsPersisted());
    assertEquals(2, cancelled.state().invoices().get(0).failedAttempts() + 1);
  }

  @Test
  void rejectionsAreRepliesAndPersistNothing() {
    var r = send(new SubscriptionCommand.Cancel(T0));
    assertEquals(List.of(), r.events());
    assertEquals(
        Rejection.Kind.NOT_FOUND,
        assertInstanceOf(SubscriptionReply.Rejected.class, r.reply()).rejection().kind());
  }
}

package io.reel.domain.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.Decision;
import io.reel.domain.billing.SubscriptionCommand.Cancel;
import io.reel.domain.billing.SubscriptionCommand.ChangePlan;
import io.reel.domain.billing.SubscriptionCommand.Expire;
import io.reel.domain.billing.SubscriptionCommand.RecordPayment;
import io.reel.domain.billing.SubscriptionCommand.RunBillingCycle;
import io.reel.domain.billing.SubscriptionCommand.Subscribe;
import io.reel.domain.billing.SubscriptionCommand.Terminate;
import io.reel.domain.billing.SubscriptionEvent.CancelRequested;
import io.reel.domain.billing.SubscriptionEvent.Expired;
import io.reel.domain.billing.SubscriptionEvent.InvoiceFailed;
import io.reel.domain.billing.SubscriptionEvent.InvoiceIssued;
import io.reel.domain.billing.SubscriptionEvent.InvoicePaid;
import io.reel.domain.billing.SubscriptionEvent.PlanChangeScheduled;
import io.reel.domain.billing.SubscriptionEvent.Started;
import io.reel.domain.title.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, expect events (or a rejection). */
class SubscriptionsTest {

  private static final String ACC = "acc-1";
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant TRIAL_END = Instant.parse("2026-12-15T10:00:00Z");
  private static final Instant P1_END = Instant.parse("2027-01-15T10:00:00Z");
  private static final Instant P2_END = Instant.parse("2027-02-15T10:00:00Z");
  private static final String INV1 = Invoice.idFor(ACC, TRIAL_END);
  private static final Invoice INVOICE1 =
      new Invoice(INV1, ACC, "standard", 1299, "EUR", TRIAL_END, P1_END, TRIAL_END);

  private static final SubscriptionEvent STARTED = new Started(ACC, "standard", TRIAL_END, T0);
  private static final SubscriptionEvent ISSUED = new InvoiceIssued(ACC, INVOICE1, TRIAL_END);
  private static final SubscriptionEvent PAID =
      new InvoicePaid(ACC, INV1, 1, "ch-1", P1_END, TRIAL_END);

  private static List<SubscriptionEvent> when(
      List<SubscriptionEvent> given, SubscriptionCommand command) {
    Decision<SubscriptionEvent> d = Subscriptions.decide(ACC, Subscriptions.replay(given), command);
    assertInstanceOf(Decision.Accepted.class, d, () -> "rejected: " + d);
    return ((Decision.Accepted<SubscriptionEvent>) d).events();
  }

  private static Rejection rejected(List<SubscriptionEvent> given, SubscriptionCommand command) {
    Decision<SubscriptionEvent> d = Subscriptions.decide(ACC, Subscriptions.replay(given), command);
    return assertInstanceOf(Decision.Rejected.class, d, () -> "accepted: " + d).rejection();
  }

  private static List<SubscriptionEvent> plus(List<SubscriptionEvent> a, SubscriptionEvent... b) {
    List<SubscriptionEvent> out = new ArrayList<>(a);
    out.addAll(List.of(b));
    return out;
  }

  private static RecordPayment declined(int attempt, Instant at) {
    return new RecordPayment(INV1, attempt, new PaymentOutcome.Declined("insufficient funds"), at);
  }

  @Test
  void subscribeStartsATrial() {
    assertEquals(List.of(STARTED), when(List.of(), new Subscribe("standard", T0, 14)));
    SubscriptionState s = Subscriptions.replay(List.of(STARTED));
    assertInstanceOf(SubscriptionState.Trial.class, s);
    Entitlement e = Entitlement.of(s);
    assertEquals(Entitlement.Status.TRIAL, e.status());
    assertEquals(2, e.maxStreams());
    assertEquals(1080, e.maxHeight());
    assertTrue(e.allows(T0));
  }

  @Test
  void subscribeTwiceWithTheSamePlanIsARetryAndAnotherPlanAConflict() {
    assertEquals(List.of(), when(List.of(STARTED), new Subscribe("standard", T0, 14)));
    assertEquals(
        Rejection.Kind.CONFLICT,
        rejected(List.of(STARTED), new Subscribe("premium", T0, 14)).kind());
    assertEquals(
        Rejection.Kind.INVALID, rejected(List.of(), new Subscribe("platinum", T0, 14)).kind());
  }

  @Test
  void trialEndInvoicesThenPaymentMakesItActive() {
    assertEquals(
        List.of(ISSUED), when(List.of(STARTED), new RunBillingCycle(TRIAL_END, TRIAL_END)));
    assertEquals(
        List.of(PAID),
        when(
            List.of(STARTED, ISSUED),
            new RecordPayment(INV1, 1, new PaymentOutcome.Succeeded("ch-1"), TRIAL_END)));
    SubscriptionState s = Subscriptions.replay(List.of(STARTED, ISSUED, PAID));
    SubscriptionState.Active a = assertInstanceOf(SubscriptionState.Active.class, s);
    assertEquals(P1_END, a.paidThrough());
    assertEquals(InvoiceLine.Status.PAID, s.invoices().get(0).status());
    assertEquals("ch-1", s.invoices().get(0).chargeId());
    assertEquals(Entitlement.Status.ACTIVE, Entitlement.of(s).status());
  }

  @Test
  void billingIsNotDueBeforeThePeriodStarts() {
    assertEquals(List.of(), when(List.of(STARTED), new RunBillingCycle(TRIAL_END, T0)));
  }

  @Test
  void runBillingCycleTwiceForOnePeriodIssuesOneInvoice() {
    assertEquals(
        List.of(), when(List.of(STARTED, ISSUED), new RunBillingCycle(TRIAL_END, TRIAL_END)));
    assertEquals(
        List.of(), when(List.of(STARTED, ISSUED, PAID), new RunBillingCycle(TRIAL_END, TRIAL_END)));
    // A stale period start (not the next one) does nothing either.
    assertEquals(List.of(), when(List.of(STARTED, ISSUED, PAID), new RunBillingCycle(T0, P1_END)));
  }

  @Test
  void nextPeriodIsInvoicedAtPaidThrough() {
    List<SubscriptionEvent> events =
        when(List.of(STARTED, ISSUED, PAID), new RunBillingCycle(P1_END, P1_END));
    InvoiceIssued issued = assertInstanceOf(InvoiceIssued.class, events.get(0));
    assertEquals(Invoice.idFor(ACC, P1_END), issued.invoice().invoiceId());
    assertEquals(P2_END, issued.invoice().periodEnd());
  }

  @Test
  void recordingTheSamePaymentTwiceChangesNothing() {
    assertEquals(
        List.of(),
        when(
            List.of(STARTED, ISSUED, PAID),
            new RecordPayment(INV1, 1, new PaymentOutcome.Succeeded("ch-1"), TRIAL_END)));
  }

  @Test
  void declinedGoesPastDueThenRetriesThenExpires() {
    Instant a1 = TRIAL_END;
    List<SubscriptionEvent> given = List.of(STARTED, ISSUED);
    InvoiceFailed f1 =
        new InvoiceFailed(
            ACC, INV1, 1, "declined: insufficient funds", a1.plus(Duration.ofDays(1)), a1);
    assertEquals(List.of(f1), when(given, declined(1, a1)));
    given = plus(given, f1);
    SubscriptionState.PastDue pd =
        assertInstanceOf(SubscriptionState.PastDue.class, Subscriptions.replay(given));
    assertEquals(a1.plus(Duration.ofDays(1)), pd.nextRetryAt());
    Entitlement grace = Entitlement.of(pd);
    assertEquals(Entitlement.Status.PAST_DUE, grace.status());
    assertTrue(grace.allows(a1.plus(Duration.ofHours(12))));

    // The same failure recorded again is a redelivery.
    assertEquals(List.of(), when(given, declined(1, a1)));

    Instant a2 = a1.plus(Duration.ofDays(1));
    InvoiceFailed f2 =
        new InvoiceFailed(
            ACC, INV1, 2, "declined: insufficient funds", a2.plus(Duration.ofDays(3)), a2);
    assertEquals(List.of(f2), when(given, declined(2, a2)));
    given = plus(given, f2);

    Instant a3 = a2.plus(Duration.ofDays(3));
    InvoiceFailed f3 =
        new InvoiceFailed(ACC, INV1, 3, "timed out", a3.plus(Duration.ofDays(7)), a3);
    assertEquals(
        List.of(f3), when(given, new RecordPayment(INV1, 3, new PaymentOutcome.TimedOut(), a3)));
    given = plus(given, f3);

    Instant a4 = a3.plus(Duration.ofDays(7));
    List<SubscriptionEvent> last = when(given, declined(4, a4));
    assertEquals(
        List.of(
            new InvoiceFailed(ACC, INV1, 4, "declined: insufficient funds", null, a4),
            new Expired(ACC, "payment-failed", a4)),
        last);
    SubscriptionState end =
        Subscriptions.replay(plus(given, last.toArray(SubscriptionEvent[]::new)));
    assertInstanceOf(SubscriptionState.Expired.class, end);
    assertEquals(InvoiceLine.Status.FAILED, end.invoices().get(0).status());
    assertFalse(Entitlement.of(end).allows(a4));
  }

  @Test
  void retrySucceedsAfterPastDue() {
    InvoiceFailed f1 =
        new InvoiceFailed(
            ACC, INV1, 1, "declined: x", TRIAL_END.plus(Duration.ofDays(1)), TRIAL_END);
    Instant a2 = TRIAL_END.plus(Duration.ofDays(1));
    assertEquals(
        List.of(new InvoicePaid(ACC, INV1, 2, "ch-2", P1_END, a2)),
        when(
            List.of(STARTED, ISSUED, f1),
            new RecordPayment(INV1, 2, new PaymentOutcome.Succeeded("ch-2"), a2)));
  }

  @Test
  void cancelKeepsEntitlementUntilPeriodEndThenExpires() {
    Instant mid = Instant.parse("2027-01-01T00:00:00Z");
    List<SubscriptionEvent> given = List.of(STARTED, ISSUED, PAID);
    CancelRequested cancel = new CancelRequested(ACC, P1_END, mid);
    assertEquals(List.of(cancel), when(given, new Cancel(mid)));
    given = plus(given, cancel);
    SubscriptionState s = Subscriptions.replay(given);
    assertInstanceOf(SubscriptionState.Cancelled.class, s);
    Entitlement e = Entitlement.of(s);
    assertEquals(Entitlement.Status.CANCELLED, e.status());
    assertTrue(e.allows(P1_END.minusSeconds(1)));
    assertFalse(e.allows(P1_END));

    assertEquals(List.of(), when(given, new Cancel(mid))); // idempotent
    assertEquals(List.of(), when(given, new RunBillingCycle(P1_END, P1_END))); // no renewal
    assertEquals(List.of(), when(given, new Expire(mid))); // not yet
    Expired expired = new Expired(ACC, "cancelled", P1_END);
    assertEquals(List.of(expired), when(given, new Expire(P1_END)));
    SubscriptionState end = Subscriptions.replay(plus(given, expired));
    assertEquals(Entitlement.Status.EXPIRED, Entitlement.of(end).status());
    assertFalse(Entitlement.of(end).allows(P1_END));
  }

  @Test
  void subscribingAgainBeforeThePeriodEndsResumesTheSamePlan() {
    Instant mid = Instant.parse("2027-01-01T00:00:00Z");
    List<SubscriptionEvent> given =
        List.of(STARTED, ISSUED, PAID, new CancelRequested(ACC, P1_END, mid));
    String plan = ((SubscriptionState.Cancelled) Subscriptions.replay(given)).planId();
    assertEquals(
        Decision.Rejected.class,
        Subscriptions.decide(ACC, Subscriptions.replay(given), new Subscribe("premium", mid, 0))
            .getClass());
    SubscriptionEvent.CancelWithdrawn resumed =
        new SubscriptionEvent.CancelWithdrawn(ACC, plan, P1_END, mid.plusSeconds(60));
    assertEquals(List.of(resumed), when(given, new Subscribe(plan, mid.plusSeconds(60), 14)));
    SubscriptionState s = Subscriptions.replay(plus(given, resumed));
    assertInstanceOf(SubscriptionState.Active.class, s);
    assertEquals(Entitlement.Status.ACTIVE, Entitlement.of(s).status());
    // Renews at the period end again: the next invoice is issued then.
    assertEquals(1, when(plus(given, resumed), new RunBillingCycle(P1_END, P1_END)).size());
    assertEquals(List.of(), when(plus(given, resumed), new Expire(P1_END)));
  }

  @Test
  void cancelWhileAChargeIsUnderWayHonoursAPaymentThatLands() {
    List<SubscriptionEvent> given =
        List.of(STARTED, ISSUED, new CancelRequested(ACC, TRIAL_END, TRIAL_END));
    List<SubscriptionEvent> paid =
        when(given, new RecordPayment(INV1, 1, new PaymentOutcome.Succeeded("ch-1"), TRIAL_END));
    SubscriptionState s = Subscriptions.replay(plus(given, paid.toArray(SubscriptionEvent[]::new)));
    assertEquals(P1_END, assertInstanceOf(SubscriptionState.Cancelled.class, s).periodEnd());
  }

  @Test
  void expiredMaySubscribeAgainButGetsNoSecondTrial() {
    List<SubscriptionEvent> given =
        List.of(
            STARTED,
            new CancelRequested(ACC, TRIAL_END, T0),
            new Expired(ACC, "cancelled", TRIAL_END));
    Started billedAtOnce = new Started(ACC, "basic", P1_END, P1_END);
    assertEquals(List.of(billedAtOnce), when(given, new Subscribe("basic", P1_END, 0)));
    // Asking for 14 free days again: one trial per account, so billed from the first day.
    assertEquals(List.of(billedAtOnce), when(given, new Subscribe("basic", P1_END, 14)));
  }

  @Test
  void terminateEndsEveryPhaseAtOnce() {
    Instant closed = Instant.parse("2027-01-01T00:00:00Z");
    Terminate close = new Terminate("account-closed", closed);
    for (List<SubscriptionEvent> given :
        List.of(
            List.of(STARTED),
            List.of(STARTED, ISSUED),
            List.of(STARTED, ISSUED, PAID),
            List.of(STARTED, ISSUED, PAID, new CancelRequested(ACC, P1_END, T0)))) {
      assertEquals(List.of(new Expired(ACC, "account-closed", closed)), when(given, close));
      List<SubscriptionEvent> after = plus(given, new Expired(ACC, "account-closed", closed));
      assertFalse(Entitlement.of(Subscriptions.replay(after)).allows(closed));
      // Nothing left to bill, and a retried terminate changes nothing.
      assertEquals(List.of(), when(after, new RunBillingCycle(P1_END, P1_END)));
      assertEquals(List.of(), when(after, close));
    }
    assertEquals(List.of(), when(List.of(), close));
  }

  @Test
  void planChangeTakesEffectAtTheNextInvoice() {
    Instant mid = Instant.parse("2027-01-01T00:00:00Z");
    List<SubscriptionEvent> given = List.of(STARTED, ISSUED, PAID);
    PlanChangeScheduled change = new PlanChangeScheduled(ACC, "standard", "premium", P1_END, mid);
    assertEquals(List.of(change), when(given, new ChangePlan("premium", mid)));
    given = plus(given, change);
    assertEquals("standard", Entitlement.of(Subscriptions.replay(given)).planId());
    assertEquals(List.of(), when(given, new ChangePlan("premium", mid)));

    InvoiceIssued next =
        assertInstanceOf(
            InvoiceIssued.class, when(given, new RunBillingCycle(P1_END, P1_END)).get(0));
    assertEquals("premium", next.invoice().planId());
    assertEquals(1999, next.invoice().amountMinor());
    Entitlement e = Entitlement.of(Subscriptions.replay(plus(given, next)));
    assertEquals(4, e.maxStreams());
    assertEquals(2160, e.maxHeight());
  }

  @Test
  void changePlanOrCancelWithoutSubscriptionIsNotFound() {
    assertEquals(Rejection.Kind.NOT_FOUND, rejected(List.of(), new Cancel(T0)).kind());
    assertEquals(Rejection.Kind.NOT_FOUND, rejected(List.of(), new ChangePlan("basic", T0)).kind());
  }

  @Test
  void entitlementPerState() {
    assertFalse(Entitlement.of(SubscriptionState.NONE).allows(T0));
    assertEquals(Entitlement.Status.NONE, Entitlement.of(SubscriptionState.NONE).status());
    assertNull(Entitlement.of(SubscriptionState.NONE).planId());
    Entitlement basic =
        Entitlement.of(Subscriptions.replay(List.of(new Started(ACC, "basic", TRIAL_END, T0))));
    assertEquals(1, basic.maxStreams());
    assertEquals(720, basic.maxHeight());
    assertEquals(TRIAL_END.plus(Entitlement.SETTLE_GRACE), basic.validUntil());
  }
}

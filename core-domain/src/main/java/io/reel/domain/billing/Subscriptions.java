package io.reel.domain.billing;

import io.reel.domain.Decision;
import io.reel.domain.billing.SubscriptionCommand.Cancel;
import io.reel.domain.billing.SubscriptionCommand.ChangePlan;
import io.reel.domain.billing.SubscriptionCommand.Expire;
import io.reel.domain.billing.SubscriptionCommand.Get;
import io.reel.domain.billing.SubscriptionCommand.RecordPayment;
import io.reel.domain.billing.SubscriptionCommand.RunBillingCycle;
import io.reel.domain.billing.SubscriptionCommand.Subscribe;
import io.reel.domain.billing.SubscriptionCommand.Terminate;
import io.reel.domain.billing.SubscriptionState.Active;
import io.reel.domain.billing.SubscriptionState.Cancelled;
import io.reel.domain.billing.SubscriptionState.Expired;
import io.reel.domain.billing.SubscriptionState.None;
import io.reel.domain.billing.SubscriptionState.PastDue;
import io.reel.domain.billing.SubscriptionState.Trial;
import io.reel.domain.title.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The subscription aggregate's rules as pure functions (Java 17: instanceof chains).
 *
 * <p>Lifecycle: Subscribe starts a Trial until {@code trialEnd}; RunBillingCycle then invoices one
 * month at a time; a paid invoice makes it Active through the period end; a failed charge makes it
 * PastDue with retries after {@link #RETRY_SCHEDULE}; when the last retry fails it Expires. Cancel
 * keeps it entitled until the period end, then Expire ends it.
 *
 * <p>A plan change takes effect at the next period: the next invoice is for the new plan and the
 * entitlement switches when that invoice is issued. Upgrades are not prorated.
 *
 * <p>Retries are harmless: a command that would change nothing (the same period billed again, a
 * payment recorded twice, a stale attempt) is accepted with no events.
 */
public final class Subscriptions {

  /**
   * Delay before retry n after failed attempt n; after the last one fails the subscription ends.
   */
  public static final List<Duration> RETRY_SCHEDULE =
      List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7));

  private Subscriptions() {}

  public static Decision<SubscriptionEvent> decide(
      String accountId, SubscriptionState state, SubscriptionCommand command) {
    if (command instanceof Get) {
      return Decision.accept();
    }
    if (command instanceof Subscribe c) {
      return onSubscribe(accountId, state, c);
    }
    if (command instanceof ChangePlan c) {
      return onChangePlan(accountId, state, c);
    }
    if (command instanceof Cancel c) {
      return onCancel(accountId, state, c);
    }
    if (command instanceof RunBillingCycle c) {
      return onRunBillingCycle(accountId, state, c);
    }
    if (command instanceof RecordPayment c) {
      return onRecordPayment(accountId, state, c);
    }
    if (command instanceof Terminate c) {
      return state instanceof None || state instanceof Expired
          ? Decision.accept()
          : Decision.accept(new SubscriptionEvent.Expired(accountId, c.reason(), c.now()));
    }
    if (command instanceof Expire c) {
      if (state instanceof Cancelled s && !c.now().isBefore(s.periodEnd())) {
        return Decision.accept(new SubscriptionEvent.Expired(accountId, "cancelled", c.now()));
      }
      return Decision.accept();
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  private static Decision<SubscriptionEvent> onSubscribe(
      String accountId, SubscriptionState state, Subscribe c) {
    if (Plans.find(c.planId()).isEmpty()) {
      return Decision.reject(unknownPlan(c.planId()));
    }
    if (c.trialDays() < 0 || c.trialDays() > 366) {
      return Decision.reject(
          new Rejection(
              Rejection.Kind.INVALID, "invalid trial", List.of("trialDays must be 0..366")));
    }
    if (state instanceof None || state instanceof Expired) {
      // One trial per account: coming back after expiry is billed from the first day.
      int trialDays = state instanceof Expired ? 0 : c.trialDays();
      Instant trialEnd = c.now().plus(Duration.ofDays(trialDays));
      return Decision.accept(
          new SubscriptionEvent.Started(accountId, c.planId(), trialEnd, c.now()));
    }
    if (state instanceof Cancelled s) {
      // Before the period ends, subscribing to the same plan withdraws the cancellation.
      return s.planId().equals(c.planId())
          ? Decision.accept(
              new SubscriptionEvent.CancelWithdrawn(accountId, s.planId(), s.periodEnd(), c.now()))
          : Decision.reject(
              Rejection.conflict(
                  "the subscription to "
                      + s.planId()
                      + " is cancelled: subscribe to it again to resume, then change the plan"));
    }
    // A repeated subscribe with the same plan is a retry; another plan is a plan change.
    return planOf(state).equals(c.planId())
        ? Decision.accept()
        : Decision.reject(
            Rejection.conflict("already subscribed to " + planOf(state) + "; change the plan"));
  }

  private static Decision<SubscriptionEvent> onChangePlan(
      String accountId, SubscriptionState state, ChangePlan c) {
    if (Plans.find(c.planId()).isEmpty()) {
      return Decision.reject(unknownPlan(c.planId()));
    }
    if (state instanceof None || state instanceof Expired) {
      return Decision.reject(noSubscription(accountId));
    }
    if (state instanceof Cancelled) {
      return Decision.reject(Rejection.conflict("the subscription is cancelled"));
    }
    String effective = nextPlanOf(state);
    if (effective.equals(c.planId())) {
      return Decision.accept();
    }
    return Decision.accept(
        new SubscriptionEvent.PlanChangeScheduled(
            accountId, effective, c.planId(), currentPeriodEnd(state), c.now()));
  }

  private static Decision<SubscriptionEvent> onCancel(
      String accountId, SubscriptionState state, Cancel c) {
    if (state instanceof None) {
      return Decision.reject(noSubscription(accountId));
    }
    if (state instanceof Expired || state instanceof Cancelled) {
      return Decision.accept();
    }
    return Decision.accept(
        new SubscriptionEvent.CancelRequested(accountId, currentPeriodEnd(state), c.now()));
  }

  private static Decision<SubscriptionEvent> onRunBillingCycle(
      String accountId, SubscriptionState state, RunBillingCycle c) {
    Instant expectedStart;
    String planId;
    if (state instanceof Trial s && s.openInvoice() == null) {
      expectedStart = s.trialEnd();
      planId = s.nextPlanId() != null ? s.nextPlanId() : s.planId();
    } else if (state instanceof Active s && s.openInvoice() == null) {
      expectedStart = s.paidThrough();
      planId = s.nextPlanId() != null ? s.nextPlanId() : s.planId();
    } else {
      // Already invoiced (open, past due), cancelled, or nothing to bill.
      return Decision.accept();
    }
    // Only the one period that is next and due: anything else is a stale or early tick.
    if (!c.periodStart().equals(expectedStart) || c.now().isBefore(expectedStart)) {
      return Decision.accept();
    }
    Plan plan = Plans.get(planId);
    Instant periodEnd = periodEnd(expectedStart);
    Invoice invoice =
        new Invoice(
            Invoice.idFor(accountId, expectedStart),
            accountId,
            plan.id(),
            plan.monthlyPriceMinor(),
            plan.currency(),
            expectedStart,
            periodEnd,
            c.now());
    return Decision.accept(new SubscriptionEvent.InvoiceIssued(accountId, invoice, c.now()));
  }

  private static Decision<SubscriptionEvent> onRecordPayment(
      String accountId, SubscriptionState state, RecordPayment c) {
    Invoice open = openInvoiceOf(state);
    if (open == null || !open.invoiceId().equals(c.invoiceId())) {
      return Decision.accept(); // settled already, or never ours: a redelivery
    }
    int failed = state instanceof PastDue p ? p.failedAttempts() : 0;
    // A cancelled subscription keeps no attempt count: any outcome of its last invoice counts.
    if (!(state instanceof Cancelled) && c.attempt() != failed + 1) {
      return Decision.accept(); // an attempt already recorded
    }
    if (c.outcome() instanceof PaymentOutcome.Succeeded s) {
      return Decision.accept(
          new SubscriptionEvent.InvoicePaid(
              accountId, open.invoiceId(), c.attempt(), s.chargeId(), open.periodEnd(), c.now()));
    }
    String reason =
        c.outcome() instanceof PaymentOutcome.Declined d ? "declined: " + d.reason() : "timed out";
    if (state instanceof Cancelled) {
      return Decision.accept(
          new SubscriptionEvent.InvoiceFailed(
              accountId, open.invoiceId(), c.attempt(), reason, null, c.now()));
    }
    if (c.attempt() > RETRY_SCHEDULE.size()) {
      return Decision.accept(
          new SubscriptionEvent.InvoiceFailed(
              accountId, open.invoiceId(), c.attempt(), reason, null, c.now()),
          new SubscriptionEvent.Expired(accountId, "payment-failed", c.now()));
    }
    Instant nextRetryAt = c.now().plus(RETRY_SCHEDULE.get(c.attempt() - 1));
    return Decision.accept(
        new SubscriptionEvent.InvoiceFailed(
            accountId, open.invoiceId(), c.attempt(), reason, nextRetryAt, c.now()));
  }

  /** Periods are calendar months in UTC from the first period start. */
  public static Instant periodEnd(Instant periodStart) {
    return periodStart.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
  }

  /** The invoice awaiting payment, or null. */
  public static Invoice openInvoiceOf(SubscriptionState state) {
    if (state instanceof Trial s) {
      return s.openInvoice();
    }
    if (state instanceof Active s) {
      return s.openInvoice();
    }
    if (state instanceof PastDue s) {
      return s.invoice();
    }
    if (state instanceof Cancelled s) {
      return s.openInvoice();
    }
    return null;
  }

  /** The plan the account has now; null for {@link None}. */
  public static String planOf(SubscriptionState state) {
    return state.planId();
  }

  private static String nextPlanOf(SubscriptionState state) {
    String next = null;
    if (state instanceof Trial s) {
      next = s.nextPlanId();
    } else if (state instanceof Active s) {
      next = s.nextPlanId();
    } else if (state instanceof PastDue s) {
      next = s.nextPlanId();
    }
    return next != null ? next : planOf(state);
  }

  /** The end of what is paid (or free); for PastDue, the start of the unpaid period. */
  public static Instant currentPeriodEnd(SubscriptionState state) {
    if (state instanceof Trial s) {
      return s.trialEnd();
    }
    if (state instanceof Active s) {
      return s.paidThrough();
    }
    if (state instanceof PastDue s) {
      return s.invoice().periodStart();
    }
    if (state instanceof Cancelled s) {
      return s.periodEnd();
    }
    return null;
  }

  public static SubscriptionState evolve(SubscriptionState state, SubscriptionEvent event) {
    List<InvoiceLine> history = state.invoices();
    if (event instanceof SubscriptionEvent.Started e) {
      return new Trial(e.accountId(), e.planId(), e.trialEnd(), null, null, history);
    }
    if (event instanceof SubscriptionEvent.PlanChangeScheduled e) {
      String next = e.toPlanId().equals(planOf(state)) ? null : e.toPlanId();
      if (state instanceof Trial s) {
        return new Trial(s.accountId(), s.planId(), s.trialEnd(), next, s.openInvoice(), history);
      }
      if (state instanceof Active s) {
        return new Active(
            s.accountId(), s.planId(), s.paidThrough(), next, s.openInvoice(), history);
      }
      if (state instanceof PastDue s) {
        return new PastDue(
            s.accountId(),
            s.planId(),
            next,
            s.invoice(),
            s.failedAttempts(),
            s.nextRetryAt(),
            history);
      }
      return state;
    }
    if (event instanceof SubscriptionEvent.CancelRequested e) {
      return new Cancelled(
          e.accountId(), planOf(state), e.periodEnd(), openInvoiceOf(state), history);
    }
    if (event instanceof SubscriptionEvent.CancelWithdrawn e && state instanceof Cancelled s) {
      return new Active(s.accountId(), s.planId(), e.paidThrough(), null, s.openInvoice(), history);
    }
    if (event instanceof SubscriptionEvent.InvoiceIssued e) {
      Invoice inv = e.invoice();
      List<InvoiceLine> h = append(history, new InvoiceLine(inv, InvoiceLine.Status.OPEN, 0, null));
      // The new period's plan applies from its invoice on.
      if (state instanceof Trial s) {
        return new Trial(s.accountId(), inv.planId(), s.trialEnd(), null, inv, h);
      }
      if (state instanceof Active s) {
        return new Active(s.accountId(), inv.planId(), s.paidThrough(), null, inv, h);
      }
      return state;
    }
    if (event instanceof SubscriptionEvent.InvoicePaid e) {
      Invoice inv = openInvoiceOf(state);
      List<InvoiceLine> h =
          update(history, e.invoiceId(), InvoiceLine.Status.PAID, e.attempt() - 1, e.chargeId());
      if (state instanceof Cancelled s) {
        return new Cancelled(s.accountId(), s.planId(), e.paidThrough(), null, h);
      }
      String next = null;
      if (state instanceof Trial s) {
        next = s.nextPlanId();
      } else if (state instanceof Active s) {
        next = s.nextPlanId();
      } else if (state instanceof PastDue s) {
        next = s.nextPlanId();
      }
      return new Active(e.accountId(), inv.planId(), e.paidThrough(), next, null, h);
    }
    if (event instanceof SubscriptionEvent.InvoiceFailed e) {
      Invoice inv = openInvoiceOf(state);
      List<InvoiceLine> h =
          update(
              history,
              e.invoiceId(),
              e.nextRetryAt() == null ? InvoiceLine.Status.FAILED : InvoiceLine.Status.OPEN,
              e.attempt(),
              null);
      if (state instanceof Cancelled s) {
        return new Cancelled(s.accountId(), s.planId(), s.periodEnd(), null, h);
      }
      if (e.nextRetryAt() == null) {
        // Expired follows in the same decision; keep the failed invoice until then.
        return new PastDue(
            e.accountId(), inv.planId(), nextPlanOfOrNull(state), inv, e.attempt(), null, h);
      }
      return new PastDue(
          e.accountId(),
          inv.planId(),
          nextPlanOfOrNull(state),
          inv,
          e.attempt(),
          e.nextRetryAt(),
          h);
    }
    if (event instanceof SubscriptionEvent.Expired e) {
      return new Expired(e.accountId(), planOf(state), e.reason(), e.occurredAt(), history);
    }
    return state;
  }

  private static String nextPlanOfOrNull(SubscriptionState state) {
    if (state instanceof Trial s) {
      return s.nextPlanId();
    }
    if (state instanceof Active s) {
      return s.nextPlanId();
    }
    if (state instanceof PastDue s) {
      return s.nextPlanId();
    }
    return null;
  }

  private static List<InvoiceLine> append(List<InvoiceLine> history, InvoiceLine line) {
    List<InvoiceLine> out = new ArrayList<>(history);
    out.add(line);
    while (out.size() > SubscriptionState.HISTORY_LIMIT) {
      out.remove(0);
    }
    return out;
  }

  private static List<InvoiceLine> update(
      List<InvoiceLine> history,
      String invoiceId,
      InvoiceLine.Status status,
      int failed,
      String chargeId) {
    List<InvoiceLine> out = new ArrayList<>(history.size());
    for (InvoiceLine l : history) {
      out.add(
          l.invoice().invoiceId().equals(invoiceId) ? l.withStatus(status, failed, chargeId) : l);
    }
    return out;
  }

  public static SubscriptionState replay(List<SubscriptionEvent> events) {
    SubscriptionState state = SubscriptionState.NONE;
    for (SubscriptionEvent e : events) {
      state = evolve(state, e);
    }
    return state;
  }

  private static Rejection unknownPlan(String planId) {
    return new Rejection(
        Rejection.Kind.INVALID,
        "unknown plan",
        List.of("plan must be one of " + Plans.all().stream().map(Plan::id).toList()));
  }

  private static Rejection noSubscription(String accountId) {
    return new Rejection(
        Rejection.Kind.NOT_FOUND, "account " + accountId + " has no subscription", List.of());
  }
}

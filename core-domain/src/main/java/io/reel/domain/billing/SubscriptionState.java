package io.reel.domain.billing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * An account's subscription, one record per phase. Every phase but {@link None} keeps the recent
 * invoices ({@link #HISTORY_LIMIT}), so the account's invoice list needs no read model.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "phase")
@JsonSubTypes({
  @JsonSubTypes.Type(value = SubscriptionState.None.class, name = "none"),
  @JsonSubTypes.Type(value = SubscriptionState.Trial.class, name = "trial"),
  @JsonSubTypes.Type(value = SubscriptionState.Active.class, name = "active"),
  @JsonSubTypes.Type(value = SubscriptionState.PastDue.class, name = "past-due"),
  @JsonSubTypes.Type(value = SubscriptionState.Cancelled.class, name = "cancelled"),
  @JsonSubTypes.Type(value = SubscriptionState.Expired.class, name = "expired"),
})
public sealed interface SubscriptionState extends CborSerializable {

  int HISTORY_LIMIT = 24;

  SubscriptionState NONE = new None();

  /** Newest last. */
  List<InvoiceLine> invoices();

  /** The plan the account has now; null for {@link None}. */
  String planId();

  /** Never subscribed. */
  record None() implements SubscriptionState {
    @Override
    public List<InvoiceLine> invoices() {
      return List.of();
    }

    @Override
    public String planId() {
      return null;
    }
  }

  /**
   * Free until {@code trialEnd}; then the first period is invoiced. {@code openInvoice} is that
   * invoice while its payment is pending.
   */
  record Trial(
      String accountId,
      String planId,
      Instant trialEnd,
      String nextPlanId,
      Invoice openInvoice,
      List<InvoiceLine> history)
      implements SubscriptionState {
    public Trial {
      history = List.copyOf(history);
    }

    @Override
    public List<InvoiceLine> invoices() {
      return history;
    }
  }

  /** Paid through {@code paidThrough}; {@code openInvoice} is the next period's, once issued. */
  record Active(
      String accountId,
      String planId,
      Instant paidThrough,
      String nextPlanId,
      Invoice openInvoice,
      List<InvoiceLine> history)
      implements SubscriptionState {
    public Active {
      history = List.copyOf(history);
    }

    @Override
    public List<InvoiceLine> invoices() {
      return history;
    }
  }

  /** A charge of {@code invoice} failed; the next attempt is due at {@code nextRetryAt}. */
  record PastDue(
      String accountId,
      String planId,
      String nextPlanId,
      Invoice invoice,
      int failedAttempts,
      Instant nextRetryAt,
      List<InvoiceLine> history)
      implements SubscriptionState {
    public PastDue {
      history = List.copyOf(history);
    }

    @Override
    public List<InvoiceLine> invoices() {
      return history;
    }
  }

  /**
   * No renewal; entitled until {@code periodEnd}. An invoice issued before the cancel may still be
   * settled by a charge already under way ({@code openInvoice}): if it is paid, the period it paid
   * for is honoured.
   */
  record Cancelled(
      String accountId,
      String planId,
      Instant periodEnd,
      Invoice openInvoice,
      List<InvoiceLine> history)
      implements SubscriptionState {
    public Cancelled {
      history = List.copyOf(history);
    }

    @Override
    public List<InvoiceLine> invoices() {
      return history;
    }
  }

  /** Over: cancelled and run out, or unpaid after the last retry. May subscribe again. */
  record Expired(
      String accountId, String planId, String reason, Instant expiredAt, List<InvoiceLine> history)
      implements SubscriptionState {
    public Expired {
      history = List.copyOf(history);
    }

    @Override
    public List<InvoiceLine> invoices() {
      return history;
    }
  }
}

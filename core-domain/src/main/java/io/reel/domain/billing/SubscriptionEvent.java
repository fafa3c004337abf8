package io.reel.domain.billing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import java.time.Instant;

/**
 * Facts about an account's subscription. Never rename or delete one of these types. Invoices are
 * events: issued, paid, failed; there is no separate invoice store.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = SubscriptionEvent.Started.class, name = "started"),
  @JsonSubTypes.Type(
      value = SubscriptionEvent.PlanChangeScheduled.class,
      name = "plan-change-scheduled"),
  @JsonSubTypes.Type(value = SubscriptionEvent.CancelRequested.class, name = "cancel-requested"),
  @JsonSubTypes.Type(value = SubscriptionEvent.CancelWithdrawn.class, name = "cancel-withdrawn"),
  @JsonSubTypes.Type(value = SubscriptionEvent.InvoiceIssued.class, name = "invoice-issued"),
  @JsonSubTypes.Type(value = SubscriptionEvent.InvoicePaid.class, name = "invoice-paid"),
  @JsonSubTypes.Type(value = SubscriptionEvent.InvoiceFailed.class, name = "invoice-failed"),
  @JsonSubTypes.Type(value = SubscriptionEvent.Expired.class, name = "expired"),
})
public sealed interface SubscriptionEvent extends CborSerializable {

  String accountId();

  Instant occurredAt();

  record Started(String accountId, String planId, Instant trialEnd, Instant occurredAt)
      implements SubscriptionEvent {}

  /** The next invoice will be for {@code toPlanId}; the current period is unchanged. */
  record PlanChangeScheduled(
      String accountId, String fromPlanId, String toPlanId, Instant effectiveAt, Instant occurredAt)
      implements SubscriptionEvent {}

  /** No renewal; entitled until {@code periodEnd}. */
  record CancelRequested(String accountId, Instant periodEnd, Instant occurredAt)
      implements SubscriptionEvent {}

  /** Subscribed again before a cancelled period ended: renews at {@code paidThrough} as before. */
  record CancelWithdrawn(String accountId, String planId, Instant paidThrough, Instant occurredAt)
      implements SubscriptionEvent {}

  record InvoiceIssued(String accountId, Invoice invoice, Instant occurredAt)
      implements SubscriptionEvent {}

  /** The payment succeeded: paid through {@code paidThrough}. */
  record InvoicePaid(
      String accountId,
      String invoiceId,
      int attempt,
      String chargeId,
      Instant paidThrough,
      Instant occurredAt)
      implements SubscriptionEvent {}

  /**
   * Charge attempt {@code attempt} failed. {@code nextRetryAt} is null when no retry follows (the
   * last retry, or a cancelled subscription).
   */
  record InvoiceFailed(
      String accountId,
      String invoiceId,
      int attempt,
      String reason,
      Instant nextRetryAt,
      Instant occurredAt)
      implements SubscriptionEvent {}

  /** No longer entitled: {@code reason} is "cancelled" or "payment-failed". */
  record Expired(String accountId, String reason, Instant occurredAt)
      implements SubscriptionEvent {}
}

package io.reel.domain.billing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import java.time.Instant;

/**
 * What may be asked of an account's subscription. Commands carry {@code now}: the caller's clock
 * decides when, so the rules in {@link Subscriptions} stay pure.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = SubscriptionCommand.Subscribe.class, name = "subscribe"),
  @JsonSubTypes.Type(value = SubscriptionCommand.ChangePlan.class, name = "change-plan"),
  @JsonSubTypes.Type(value = SubscriptionCommand.Cancel.class, name = "cancel"),
  @JsonSubTypes.Type(value = SubscriptionCommand.RunBillingCycle.class, name = "run-billing-cycle"),
  @JsonSubTypes.Type(value = SubscriptionCommand.RecordPayment.class, name = "record-payment"),
  @JsonSubTypes.Type(value = SubscriptionCommand.Expire.class, name = "expire"),
  @JsonSubTypes.Type(value = SubscriptionCommand.Get.class, name = "get"),
  @JsonSubTypes.Type(value = SubscriptionCommand.Terminate.class, name = "terminate"),
})
public sealed interface SubscriptionCommand extends CborSerializable {

  /** Start (or, after expiry, restart) with a trial of {@code trialDays} (0 = bill at once). */
  record Subscribe(String planId, Instant now, int trialDays) implements SubscriptionCommand {}

  /** Takes effect at the next period: the next invoice is for the new plan. */
  record ChangePlan(String planId, Instant now) implements SubscriptionCommand {}

  /** Stops renewal; the account stays entitled until the end of the paid (or trial) period. */
  record Cancel(Instant now) implements SubscriptionCommand {}

  /**
   * Invoice the period that starts at {@code periodStart}, if it is due and not yet invoiced.
   * Idempotent per period.
   */
  record RunBillingCycle(Instant periodStart, Instant now) implements SubscriptionCommand {}

  /** The outcome of charge attempt {@code attempt} (1-based) of an open invoice. */
  record RecordPayment(String invoiceId, int attempt, PaymentOutcome outcome, Instant now)
      implements SubscriptionCommand {}

  /** Ends a cancelled subscription once its period is over. */
  record Expire(Instant now) implements SubscriptionCommand {}

  record Get() implements SubscriptionCommand {}

  /**
   * Ends the subscription at once, whatever its phase: no further invoice, charge or entitlement
   * (the account was closed). An invoice already open is left unpaid.
   */
  record Terminate(String reason, Instant now) implements SubscriptionCommand {}
}

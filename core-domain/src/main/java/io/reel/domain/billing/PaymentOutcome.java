package io.reel.domain.billing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;

/** What one charge attempt of an invoice came to, as the billing runner reports it. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PaymentOutcome.Succeeded.class, name = "succeeded"),
  @JsonSubTypes.Type(value = PaymentOutcome.Declined.class, name = "declined"),
  @JsonSubTypes.Type(value = PaymentOutcome.TimedOut.class, name = "timed-out"),
})
public sealed interface PaymentOutcome extends CborSerializable {

  record Succeeded(String chargeId) implements PaymentOutcome {}

  record Declined(String reason) implements PaymentOutcome {}

  /** The provider did not answer even after the runner's same-key retries. */
  record TimedOut() implements PaymentOutcome {}
}

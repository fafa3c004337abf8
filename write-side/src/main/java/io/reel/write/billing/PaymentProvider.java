package io.reel.write.billing;

import java.util.concurrent.CompletionStage;

/**
 * The payment provider port. A charge is idempotent per {@code idempotencyKey}: the same key again
 * returns the first charge's result and never charges twice. A timeout surfaces as a stage failed
 * with {@link java.util.concurrent.TimeoutException}; the charge may still have happened.
 */
public interface PaymentProvider {

  CompletionStage<ChargeResult> charge(
      String idempotencyKey, String accountId, long amountMinor, String currency);

  sealed interface ChargeResult {}

  record Succeeded(String chargeId) implements ChargeResult {}

  record Declined(String reason) implements ChargeResult {}
}

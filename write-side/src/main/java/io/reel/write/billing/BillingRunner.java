package io.reel.write.billing;

import io.reel.domain.billing.Invoice;
import io.reel.domain.billing.PaymentOutcome;
import io.reel.domain.billing.SubscriptionCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Charges one attempt of a due invoice and records the outcome on the subscription.
 *
 * <p>The idempotency key is the invoice id alone, the same for every attempt and every retry, so
 * the provider charges an invoice at most once, however often a timeout, a crash or a second tick
 * repeats the charge. A timeout is retried with that key after a short delay before it counts as a
 * failed attempt.
 */
public final class BillingRunner {

  private final PaymentProvider provider;
  private final SubscriptionGateway subscriptions;
  private final Clock clock;
  private final int timeoutRetries;
  private final Duration timeoutRetryDelay;

  public BillingRunner(
      PaymentProvider provider,
      SubscriptionGateway subscriptions,
      Clock clock,
      int timeoutRetries,
      Duration timeoutRetryDelay) {
    this.provider = provider;
    this.subscriptions = subscriptions;
    this.clock = clock;
    this.timeoutRetries = timeoutRetries;
    this.timeoutRetryDelay = timeoutRetryDelay;
  }

  public static String idempotencyKey(Invoice invoice) {
    return invoice.invoiceId();
  }

  /** Charges {@code attempt} (1-based) of the invoice and records it; the entity's reply. */
  public CompletionStage<SubscriptionReply> settle(Invoice invoice, int attempt) {
    return chargeWithRetries(invoice, timeoutRetries)
        .thenCompose(
            outcome ->
                subscriptions.ask(
                    invoice.accountId(),
                    new SubscriptionCommand.RecordPayment(
                        invoice.invoiceId(), attempt, outcome, clock.instant())));
  }

  private CompletionStage<PaymentOutcome> chargeWithRetries(Invoice invoice, int retriesLeft) {
    CompletionStage<PaymentProvider.ChargeResult> charge;
    try {
      charge =
          provider.charge(
              idempotencyKey(invoice),
              invoice.accountId(),
              invoice.amountMinor(),
              invoice.currency());
    } catch (RuntimeException e) {
      charge = CompletableFuture.failedFuture(e);
    }
    return charge
        .handle(
            (result, error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(toOutcome(result));
              }
              if (!(unwrap(error) instanceof TimeoutException)) {
                // Not an answer from the provider: record nothing, the next tick tries again.
                return CompletableFuture.<PaymentOutcome>failedFuture(unwrap(error));
              }
              if (retriesLeft <= 0) {
                return CompletableFuture.<PaymentOutcome>completedFuture(
                    new PaymentOutcome.TimedOut());
              }
              Executor later =
                  CompletableFuture.delayedExecutor(
                      timeoutRetryDelay.toMillis(), TimeUnit.MILLISECONDS);
              return CompletableFuture.supplyAsync(() -> null, later)
                  .thenCompose(x -> chargeWithRetries(invoice, retriesLeft - 1));
            })
        .thenCompose(s -> s);
  }

  private static PaymentOutcome toOutcome(PaymentProvider.ChargeResult result) {
    if (result instanceof PaymentProvider.Succeeded s) {
      return new PaymentOutcome.Succeeded(s.chargeId());
    }
    return new PaymentOutcome.Declined(((PaymentProvider.Declined) result).reason());
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}

package io.reel.write.billing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * A payment provider for development and tests. Outcomes follow a script, per account or global
 * (default: success). Like a real provider it de-duplicates by idempotency key, and a {@link
 * Step#TIMEOUT_AFTER_CHARGE} charges but answers with a timeout, so a retry with the same key
 * returns that original charge.
 */
public final class SimulatedPaymentProvider implements PaymentProvider {

  public enum Step {
    SUCCEED,
    DECLINE,
    /** Times out without charging. */
    TIMEOUT,
    /** Charges, then times out: the caller does not learn it was charged. */
    TIMEOUT_AFTER_CHARGE
  }

  /** A charge the provider actually made. */
  public record Charge(
      String chargeId,
      String idempotencyKey,
      String accountId,
      long amountMinor,
      String currency) {}

  private final Map<String, Deque<Step>> scripts = new HashMap<>();
  private final Deque<Step> globalScript = new ArrayDeque<>();
  private final Map<String, ChargeResult> byKey = new HashMap<>();
  private final List<Charge> charges = new ArrayList<>();
  private Step fallback = Step.SUCCEED;

  /** The next outcomes for one account, in order; then the global script, then the fallback. */
  public synchronized SimulatedPaymentProvider script(String accountId, Step... steps) {
    scripts.computeIfAbsent(accountId, a -> new ArrayDeque<>()).addAll(List.of(steps));
    return this;
  }

  public synchronized SimulatedPaymentProvider scriptAll(Step... steps) {
    globalScript.addAll(List.of(steps));
    return this;
  }

  public synchronized SimulatedPaymentProvider otherwise(Step step) {
    this.fallback = step;
    return this;
  }

  /** Every charge actually made, in order. */
  public synchronized List<Charge> charges() {
    return List.copyOf(charges);
  }

  @Override
  public synchronized CompletionStage<ChargeResult> charge(
      String idempotencyKey, String accountId, long amountMinor, String currency) {
    ChargeResult earlier = byKey.get(idempotencyKey);
    if (earlier != null) {
      return CompletableFuture.completedFuture(earlier);
    }
    Step step = next(accountId);
    switch (step) {
      case SUCCEED:
        return CompletableFuture.completedFuture(
            record(idempotencyKey, accountId, amountMinor, currency));
      case DECLINE:
        // Declines are not remembered: a retry of a declined invoice may succeed (new funds).
        return CompletableFuture.completedFuture(new Declined("card declined"));
      case TIMEOUT_AFTER_CHARGE:
        record(idempotencyKey, accountId, amountMinor, currency);
        return CompletableFuture.failedFuture(new TimeoutException("simulated provider timeout"));
      default:
        return CompletableFuture.failedFuture(new TimeoutException("simulated provider timeout"));
    }
  }

  private Succeeded record(String key, String accountId, long amount, String currency) {
    String chargeId = "ch_sim_" + (charges.size() + 1);
    charges.add(new Charge(chargeId, key, accountId, amount, currency));
    Succeeded result = new Succeeded(chargeId);
    byKey.put(key, result);
    return result;
  }

  private Step next(String accountId) {
    Deque<Step> own = scripts.get(accountId);
    if (own != null && !own.isEmpty()) {
      return own.poll();
    }
    if (!globalScript.isEmpty()) {
      return globalScript.poll();
    }
    return fallback;
  }
}

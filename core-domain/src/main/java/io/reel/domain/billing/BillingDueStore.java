package io.reel.domain.billing;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Which subscriptions need billing work, and when: one entry per account at most. Kept from
 * subscription events by the billing-due projection, so it survives restarts; the subscription
 * entity stays the truth and the scheduler re-reads it before acting.
 */
public interface BillingDueStore {

  record Due(String accountId, Instant nextRunAt) {}

  /** Sets (replaces) the account's entry. Safe to repeat. */
  CompletionStage<Void> schedule(String accountId, Instant nextRunAt);

  /** Removes the account's entry, if any. Safe to repeat. */
  CompletionStage<Void> clear(String accountId);

  /** Entries with {@code nextRunAt <= now}. */
  CompletionStage<List<Due>> dueAt(Instant now);
}

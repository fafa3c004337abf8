package io.reel.projections.billing;

import io.reel.domain.billing.BillingDueStore;
import io.reel.domain.billing.SubscriptionEvent;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Subscription events into {@code billing_due}: when the scheduler must next look at an account.
 * Every write sets the entry from the event alone, so a replay converges to the same entry; an
 * entry that is stale or early only costs the scheduler one look at the subscription.
 */
public final class BillingDueHandler extends Handler<EventEnvelope<SubscriptionEvent>> {

  private final BillingDueStore store;

  public BillingDueHandler(BillingDueStore store) {
    this.store = store;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<SubscriptionEvent> envelope) {
    return apply(store, envelope.event()).thenApply(v -> Done.getInstance());
  }

  static CompletionStage<Void> apply(BillingDueStore store, SubscriptionEvent event) {
    String account = event.accountId();
    if (event instanceof SubscriptionEvent.Started e) {
      return store.schedule(account, e.trialEnd()); // first invoice
    }
    if (event instanceof SubscriptionEvent.InvoiceIssued e) {
      return store.schedule(account, e.occurredAt()); // charge it now
    }
    if (event instanceof SubscriptionEvent.InvoicePaid e) {
      return store.schedule(account, e.paidThrough()); // next period (or expiry if cancelled)
    }
    if (event instanceof SubscriptionEvent.InvoiceFailed e) {
      // No retry: a cancelled subscription keeps its CancelRequested entry; otherwise Expired
      // follows and clears it. Re-scheduling at the failure time is harmless either way.
      return store.schedule(account, e.nextRetryAt() != null ? e.nextRetryAt() : e.occurredAt());
    }
    if (event instanceof SubscriptionEvent.CancelRequested e) {
      return store.schedule(account, e.periodEnd()); // expire then
    }
    if (event instanceof SubscriptionEvent.CancelWithdrawn e) {
      return store.schedule(account, e.paidThrough()); // renew then, as before the cancel
    }
    if (event instanceof SubscriptionEvent.Expired) {
      return store.clear(account);
    }
    return java.util.concurrent.CompletableFuture.completedFuture(null); // PlanChangeScheduled
  }
}

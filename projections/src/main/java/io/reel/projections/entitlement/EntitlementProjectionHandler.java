package io.reel.projections.entitlement;

import io.reel.domain.billing.Entitlement;
import io.reel.domain.billing.SubscriptionEvent;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Subscription events into the entitlements table. Idempotent: an event whose sequence number the
 * row has already seen changes nothing.
 *
 * <p>The handler needs the subscription state, not one event, to derive an entitlement. Events that
 * change the entitlement carry enough on their own together with the row (plan, dates), so the row
 * is rebuilt as a small state: see {@link #next}.
 */
public final class EntitlementProjectionHandler extends Handler<EventEnvelope<SubscriptionEvent>> {

  private final EntitlementRepository repository;

  public EntitlementProjectionHandler(EntitlementRepository repository) {
    this.repository = repository;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<SubscriptionEvent> envelope) {
    SubscriptionEvent event = envelope.event();
    long seqNr = envelope.sequenceNr();
    return repository
        .find(event.accountId())
        .thenCompose(
            previous -> {
              if (previous.isPresent() && previous.get().seqNr() >= seqNr) {
                return CompletableFuture.completedFuture(Done.getInstance());
              }
              Entitlement before =
                  previous.map(EntitlementRow::entitlement).orElse(Entitlement.NONE);
              Entitlement after = next(before, event);
              return repository
                  .save(new EntitlementRow(event.accountId(), after, seqNr))
                  .thenApply(v -> Done.getInstance());
            });
  }

  /** The entitlement after {@code event}, from the previous one. */
  static Entitlement next(Entitlement before, SubscriptionEvent event) {
    if (event instanceof SubscriptionEvent.Started e) {
      return derive(Entitlement.Status.TRIAL, e.planId(), e.trialEnd());
    }
    if (event instanceof SubscriptionEvent.InvoiceIssued e) {
      // The new period's plan applies from its invoice on (see Subscriptions).
      return before.status().entitled()
          ? derive(before.status(), e.invoice().planId(), e.invoice().periodStart())
          : before;
    }
    if (event instanceof SubscriptionEvent.InvoicePaid e) {
      if (before.status() == Entitlement.Status.CANCELLED) {
        return new Entitlement(
            before.status(),
            before.planId(),
            before.maxStreams(),
            before.maxHeight(),
            e.paidThrough());
      }
      return derive(Entitlement.Status.ACTIVE, before.planId(), e.paidThrough());
    }
    if (event instanceof SubscriptionEvent.InvoiceFailed e) {
      if (before.status() == Entitlement.Status.CANCELLED || e.nextRetryAt() == null) {
        return before; // Expired follows when it ends the subscription
      }
      return derive(Entitlement.Status.PAST_DUE, before.planId(), e.nextRetryAt());
    }
    if (event instanceof SubscriptionEvent.CancelRequested e) {
      return before.planId() == null
          ? before
          : new Entitlement(
              Entitlement.Status.CANCELLED,
              before.planId(),
              before.maxStreams(),
              before.maxHeight(),
              e.periodEnd());
    }
    if (event instanceof SubscriptionEvent.CancelWithdrawn e) {
      return derive(Entitlement.Status.ACTIVE, e.planId(), e.paidThrough());
    }
    if (event instanceof SubscriptionEvent.Expired e) {
      return new Entitlement(Entitlement.Status.EXPIRED, before.planId(), 0, 0, e.occurredAt());
    }
    return before; // PlanChangeScheduled: nothing changes until the next invoice
  }

  private static Entitlement derive(Entitlement.Status status, String planId, Instant dueAt) {
    return Entitlement.awaiting(status, planId, dueAt);
  }
}

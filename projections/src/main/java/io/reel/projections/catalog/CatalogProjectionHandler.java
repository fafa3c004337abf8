package io.reel.projections.catalog;

import io.reel.domain.title.TitleEvent;
import io.reel.projections.catalog.CatalogRow.Status;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Title events into the catalog read model. At-least-once delivery, so idempotent: an event whose
 * sequence number the row has already seen changes nothing.
 */
public final class CatalogProjectionHandler extends Handler<EventEnvelope<TitleEvent>> {

  private final CatalogRepository repository;

  public CatalogProjectionHandler(CatalogRepository repository) {
    this.repository = repository;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<TitleEvent> envelope) {
    TitleEvent event = envelope.event();
    long seqNr = envelope.sequenceNr();
    if (!isCatalogEvent(event)) {
      return CompletableFuture.completedFuture(Done.getInstance()); // no read for media events
    }
    return repository
        .find(event.titleId())
        .thenCompose(
            previous -> {
              if (previous.isPresent() && previous.get().seqNr() >= seqNr) {
                return CompletableFuture.completedFuture(Done.getInstance());
              }
              Optional<CatalogRow> next = apply(previous, event, seqNr);
              if (next.isEmpty()) {
                return CompletableFuture.completedFuture(Done.getInstance());
              }
              return repository.save(previous, next.get()).thenApply(v -> Done.getInstance());
            });
  }

  static boolean isCatalogEvent(TitleEvent e) {
    return e instanceof TitleEvent.Created
        || e instanceof TitleEvent.MetadataUpdated
        || e instanceof TitleEvent.Published
        || e instanceof TitleEvent.Unpublished
        || e instanceof TitleEvent.Retired;
  }

  /** The row after the event; empty when the event cannot apply (no row to change). */
  static Optional<CatalogRow> apply(Optional<CatalogRow> previous, TitleEvent event, long seqNr) {
    if (event instanceof TitleEvent.Created e) {
      return Optional.of(
          new CatalogRow(
              e.titleId(),
              e.metadata(),
              Status.DRAFT,
              e.occurredAt(),
              e.occurredAt(),
              null,
              seqNr));
    }
    if (previous.isEmpty()) {
      return Optional.empty();
    }
    CatalogRow p = previous.get();
    if (event instanceof TitleEvent.MetadataUpdated e) {
      return Optional.of(
          new CatalogRow(
              p.titleId(),
              e.metadata(),
              p.status(),
              p.createdAt(),
              e.occurredAt(),
              p.publishedAt(),
              seqNr));
    }
    if (event instanceof TitleEvent.Published e) {
      return Optional.of(
          new CatalogRow(
              p.titleId(),
              e.metadata(),
              Status.PUBLISHED,
              p.createdAt(),
              e.occurredAt(),
              e.occurredAt(),
              seqNr));
    }
    if (!isCatalogEvent(event)) {
      return Optional.empty(); // media events: not part of the catalog's read model
    }
    Status status = event instanceof TitleEvent.Retired ? Status.RETIRED : Status.DRAFT;
    return Optional.of(
        new CatalogRow(
            p.titleId(),
            p.metadata(),
            status,
            p.createdAt(),
            event.occurredAt(),
            p.publishedAt(),
            seqNr));
  }
}

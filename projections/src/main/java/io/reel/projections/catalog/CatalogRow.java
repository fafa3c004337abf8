package io.reel.projections.catalog;

import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleMetadata;
import java.time.Instant;

/**
 * A title as the catalog read model keeps it. {@code seqNr} is the last event applied: the guard
 * that makes the projection idempotent.
 */
public record CatalogRow(
    TitleId titleId,
    TitleMetadata metadata,
    Status status,
    Instant createdAt,
    Instant updatedAt,
    Instant publishedAt,
    long seqNr) {

  public enum Status {
    DRAFT,
    PUBLISHED,
    RETIRED
  }

  public boolean published() {
    return status == Status.PUBLISHED;
  }
}

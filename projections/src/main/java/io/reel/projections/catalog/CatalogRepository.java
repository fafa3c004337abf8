package io.reel.projections.catalog;

import io.reel.domain.title.TitleId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The write half of the catalog read model, as the projection handler needs it. */
public interface CatalogRepository {

  CompletionStage<Optional<CatalogRow>> find(TitleId id);

  /**
   * Replaces {@code previous} (may be empty) with {@code next} in every table: the title row and
   * the browse indexes of published titles. Safe to repeat.
   */
  CompletionStage<Void> save(Optional<CatalogRow> previous, CatalogRow next);
}

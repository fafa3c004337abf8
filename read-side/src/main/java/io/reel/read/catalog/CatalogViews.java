package io.reel.read.catalog;

import java.time.Instant;
import java.util.List;

/** The browse API's JSON shapes. Ids are strings: JavaScript numbers cannot hold 64 bits. */
public final class CatalogViews {

  private CatalogViews() {}

  public record TitleSummary(String id, String title, int year, String maturityRating) {}

  public record TitleDetail(
      String id,
      String title,
      int year,
      String synopsis,
      List<String> cast,
      List<String> genres,
      String maturityRating,
      Instant publishedAt,
      String synopsisCredit) {}

  /** One page; {@code next} is the cursor of the following page, null on the last. */
  public record Page(List<TitleSummary> items, String next) {}

  public record GenreCount(String genre, long titles) {}
}

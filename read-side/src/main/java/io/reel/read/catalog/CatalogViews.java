package io.reel.read.catalog;

import java.time.Instant;
import java.util.List;

/** The browse API's JSON shapes. Ids are strings: JavaScript numbers cannot hold 64 bits. */
public final class CatalogViews {

  private CatalogViews() {}

  public record TitleSummary(String id, String title, int year, String maturityRating) {}

  /**
   * A title's page. {@code poster} (its path, null when it has none) and {@code playable} (it has a
   * packaged video) come from the title index, which has them within a second or two of the
   * package.
   */
  public record TitleDetail(
      String id,
      String title,
      int year,
      String synopsis,
      List<String> cast,
      List<String> genres,
      String maturityRating,
      Instant publishedAt,
      String synopsisCredit,
      String poster,
      boolean playable) {

    public TitleDetail withMedia(String poster, boolean playable) {
      return new TitleDetail(
          id,
          title,
          year,
          synopsis,
          cast,
          genres,
          maturityRating,
          publishedAt,
          synopsisCredit,
          poster,
          playable);
    }
  }

  /** One page; {@code next} is the cursor of the following page, null on the last. */
  public record Page(List<TitleSummary> items, String next) {}

  public record GenreCount(String genre, long titles) {}
}

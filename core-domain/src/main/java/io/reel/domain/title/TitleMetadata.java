package io.reel.domain.title;

import java.util.ArrayList;
import java.util.List;

/**
 * What a viewer sees about a title. Collections are copied and never null, so equal metadata means
 * an update is a no-op.
 */
public record TitleMetadata(
    String title,
    int year,
    String synopsis,
    List<String> cast,
    List<String> genres,
    MaturityRating maturityRating) {

  public static final int MAX_TITLE_LENGTH = 500;
  public static final int MAX_SYNOPSIS_LENGTH = 10_000;
  public static final int MAX_CAST = 500;
  public static final int MAX_GENRES = 20;
  public static final int MAX_NAME_LENGTH = 200;
  public static final int MIN_YEAR = 1870;
  public static final int MAX_YEAR = 2100;

  public TitleMetadata {
    title = title == null ? "" : title.strip();
    synopsis = synopsis == null ? "" : synopsis.strip();
    cast = clean(cast);
    genres = clean(genres);
    maturityRating = maturityRating == null ? MaturityRating.NR : maturityRating;
  }

  private static List<String> clean(List<String> values) {
    if (values == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(values.size());
    for (String v : values) {
      if (v != null && !v.isBlank() && !out.contains(v.strip())) {
        out.add(v.strip());
      }
    }
    return List.copyOf(out);
  }

  /** Every rule this metadata breaks; empty when it is valid. */
  public List<String> violations() {
    List<String> v = new ArrayList<>();
    if (title.isEmpty()) {
      v.add("title is required");
    } else if (title.length() > MAX_TITLE_LENGTH) {
      v.add("title is longer than " + MAX_TITLE_LENGTH + " characters");
    }
    if (year < MIN_YEAR || year > MAX_YEAR) {
      v.add("year must be between " + MIN_YEAR + " and " + MAX_YEAR);
    }
    if (synopsis.length() > MAX_SYNOPSIS_LENGTH) {
      v.add("synopsis is longer than " + MAX_SYNOPSIS_LENGTH + " characters");
    }
    if (cast.size() > MAX_CAST) {
      v.add("cast has more than " + MAX_CAST + " names");
    }
    if (genres.size() > MAX_GENRES) {
      v.add("genres has more than " + MAX_GENRES + " entries");
    }
    if (cast.stream().anyMatch(n -> n.length() > MAX_NAME_LENGTH)
        || genres.stream().anyMatch(n -> n.length() > MAX_NAME_LENGTH)) {
      v.add("a cast name or genre is longer than " + MAX_NAME_LENGTH + " characters");
    }
    return v;
  }

  public int decade() {
    return Math.floorDiv(year, 10) * 10;
  }
}

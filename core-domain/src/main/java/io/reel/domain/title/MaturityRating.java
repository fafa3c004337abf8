package io.reel.domain.title;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Maturity ratings, ordered from least to most restricted; profiles compare against this order. */
public enum MaturityRating {
  G,
  PG,
  PG_13,
  R,
  NC_17,
  /** Not rated: treated as adult content by maturity limits. */
  NR;

  @JsonCreator
  public static MaturityRating fromJson(String text) {
    return parse(text)
        .orElseThrow(() -> new IllegalArgumentException("unknown maturity rating: " + text));
  }

  public static java.util.Optional<MaturityRating> parse(String text) {
    if (text == null) {
      return java.util.Optional.empty();
    }
    String normal = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    for (MaturityRating r : values()) {
      if (r.name().equals(normal)) {
        return java.util.Optional.of(r);
      }
    }
    return java.util.Optional.empty();
  }

  @JsonValue
  public String label() {
    return name().replace('_', '-');
  }
}

package io.reel.domain.personal;

import java.util.Locale;
import java.util.Optional;

/** A profile's verdict on a title: thumbs down, thumbs up, or "love it". */
public enum Rating {
  DOWN,
  UP,
  LOVE;

  /** The JSON and URL spelling: {@code down}, {@code up}, {@code love}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Rating> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (Rating r : values()) {
      if (r.wire().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}

package io.reel.domain.title;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * A title's id: a Snowflake id. Written as a decimal string in JSON because JavaScript numbers
 * cannot hold 64 bits.
 */
public record TitleId(long value) {

  public TitleId {
    if (value <= 0) {
      throw new IllegalArgumentException("title id must be positive");
    }
  }

  @JsonCreator
  public static TitleId of(String text) {
    return parse(text).orElseThrow(() -> new IllegalArgumentException("not a title id: " + text));
  }

  /** Empty when the text is not a positive decimal long: hostile path segments end here. */
  public static Optional<TitleId> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 19) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isDigit(text.charAt(i)) || text.charAt(i) > '9') {
        return Optional.empty();
      }
    }
    try {
      long v = Long.parseLong(text);
      return v > 0 ? Optional.of(new TitleId(v)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @JsonValue
  public String asString() {
    return Long.toString(value);
  }

  @Override
  public String toString() {
    return asString();
  }
}

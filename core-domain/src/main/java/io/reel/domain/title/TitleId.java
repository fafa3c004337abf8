package io.reel.domain.title;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.reel.domain.ids.DecimalIds;
import java.util.Optional;
import java.util.OptionalLong;

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
    OptionalLong v = DecimalIds.parsePositive(text);
    return v.isPresent() ? Optional.of(new TitleId(v.getAsLong())) : Optional.empty();
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

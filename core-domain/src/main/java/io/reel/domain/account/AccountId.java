package io.reel.domain.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** An account's id: a Snowflake id, a decimal string in JSON (JavaScript numbers hold 53 bits). */
public record AccountId(long value) {

  public AccountId {
    if (value <= 0) {
      throw new IllegalArgumentException("account id must be positive");
    }
  }

  @JsonCreator
  public static AccountId of(String text) {
    return parse(text)
        .orElseThrow(() -> new IllegalArgumentException("not an account id: " + text));
  }

  /** Empty when the text is not a positive decimal long: hostile input ends here. */
  public static Optional<AccountId> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 19) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return Optional.empty();
      }
    }
    try {
      long v = Long.parseLong(text);
      return v > 0 ? Optional.of(new AccountId(v)) : Optional.empty();
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

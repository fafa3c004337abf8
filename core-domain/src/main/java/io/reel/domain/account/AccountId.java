package io.reel.domain.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.reel.domain.ids.DecimalIds;
import java.util.Optional;
import java.util.OptionalLong;

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
    OptionalLong v = DecimalIds.parsePositive(text);
    return v.isPresent() ? Optional.of(new AccountId(v.getAsLong())) : Optional.empty();
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

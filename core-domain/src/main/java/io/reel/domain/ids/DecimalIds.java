package io.reel.domain.ids;

import java.util.OptionalLong;

/**
 * The one parser for ids written as decimal strings (titles, accounts): hostile input ends here.
 */
public final class DecimalIds {

  private DecimalIds() {}

  /** Empty unless {@code text} is a positive decimal long of ASCII digits only. */
  public static OptionalLong parsePositive(String text) {
    if (text == null || text.isEmpty() || text.length() > 19) {
      return OptionalLong.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
    }
    try {
      long v = Long.parseLong(text);
      return v > 0 ? OptionalLong.of(v) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}

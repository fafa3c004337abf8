package io.reel.read;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Keyset paging cursors: the clustering key of the last row served, as opaque base64url. A cursor
 * stays valid while rows are added or removed, unlike an offset.
 */
public final class Cursor {

  private static final char SEP = '\u001f';

  private Cursor() {}

  public static String encode(List<String> parts) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(String.join(String.valueOf(SEP), parts).getBytes(StandardCharsets.UTF_8));
  }

  /** Empty when the text is not a cursor with {@code arity} parts. */
  public static Optional<List<String>> decode(String text, int arity) {
    if (text == null || text.length() > 4096) {
      return Optional.empty();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      List<String> parts = List.of(raw.split(String.valueOf(SEP), -1));
      return parts.size() == arity ? Optional.of(parts) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}

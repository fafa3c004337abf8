package io.reel.origin;

import java.util.regex.Pattern;

/**
 * Object keys are relative, slash-separated names of safe characters. Everything that builds a file
 * path from a key checks it here first, so no key can climb out of the store ("..", absolute paths,
 * backslashes, NUL, empty segments).
 */
public final class ObjectKeys {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

  private ObjectKeys() {}

  public static boolean isValid(String key) {
    if (key == null || key.isEmpty() || key.length() > 1024) {
      return false;
    }
    for (String segment : key.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  public static String require(String key) {
    if (!isValid(key)) {
      throw new IllegalArgumentException("not a valid object key");
    }
    return key;
  }
}

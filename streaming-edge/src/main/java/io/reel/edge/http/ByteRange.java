package io.reel.edge.http;

/**
 * One satisfiable byte range of a representation of {@code size} bytes, from a {@code Range}
 * header. Only single ranges are served; a multi-range or unparsable header is ignored (the full
 * body is sent, as RFC 9110 allows).
 */
public record ByteRange(long start, long end, long size) {

  /** The outcome of reading a Range header. */
  public sealed interface Parsed {}

  /** Serve the whole representation. */
  public record Ignore() implements Parsed {}

  /** Answer 416 with {@code Content-Range: bytes *}{@code /size}. */
  public record Unsatisfiable() implements Parsed {}

  public record Satisfiable(ByteRange range) implements Parsed {}

  private static final Ignore IGNORE = new Ignore();
  private static final Unsatisfiable UNSATISFIABLE = new Unsatisfiable();

  public long length() {
    return end - start + 1;
  }

  public String contentRange() {
    return "bytes " + start + "-" + end + "/" + size;
  }

  /** {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} against a body of {@code size}. */
  public static Parsed parse(String header, long size) {
    if (header == null) {
      return IGNORE;
    }
    String h = header.strip();
    if (h.length() < 7 || !h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return IGNORE;
    }
    String spec = h.substring(6).strip();
    if (spec.indexOf(',') >= 0) {
      return IGNORE;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return IGNORE;
    }
    String first = spec.substring(0, dash).strip();
    String last = spec.substring(dash + 1).strip();
    try {
      if (first.isEmpty()) {
        if (last.isEmpty()) {
          return IGNORE;
        }
        long n = digits(last);
        if (n == 0 || size == 0) {
          return UNSATISFIABLE;
        }
        long start = Math.max(0, size - n);
        return new Satisfiable(new ByteRange(start, size - 1, size));
      }
      long start = digits(first);
      long end = last.isEmpty() ? Long.MAX_VALUE : digits(last);
      if (end < start) {
        return IGNORE; // invalid syntax: ignore, per RFC 9110 14.1.1
      }
      if (start >= size) {
        return UNSATISFIABLE;
      }
      return new Satisfiable(new ByteRange(start, Math.min(end, size - 1), size));
    } catch (NumberFormatException e) {
      return IGNORE;
    }
  }

  private static long digits(String s) {
    if (s.isEmpty() || s.length() > 18) {
      throw new NumberFormatException(s);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException(s);
      }
    }
    return Long.parseLong(s);
  }
}

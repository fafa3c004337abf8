package io.reel.transcode.plan;

/** A frame rate as ffprobe reports it ({@code 30000/1001}); kept rational so 29.97 stays exact. */
public record FrameRate(long num, long den) {

  public FrameRate {
    if (num <= 0 || den <= 0) {
      throw new IllegalArgumentException("frame rate must be positive: " + num + "/" + den);
    }
    long g = gcd(num, den);
    num /= g;
    den /= g;
  }

  public static FrameRate of(long num, long den) {
    return new FrameRate(num, den);
  }

  /**
   * Parses {@code "30/1"}, {@code "30000/1001"} or {@code "25"}; empty for {@code "0/0"}, zero,
   * negative or unparsable values (ffprobe's way of saying "unknown").
   */
  public static java.util.Optional<FrameRate> parse(String text) {
    if (text == null || text.isBlank()) {
      return java.util.Optional.empty();
    }
    try {
      String[] parts = text.trim().split("/", 2);
      long n = Long.parseLong(parts[0]);
      long d = parts.length == 2 ? Long.parseLong(parts[1]) : 1;
      return n > 0 && d > 0
          ? java.util.Optional.of(new FrameRate(n, d))
          : java.util.Optional.empty();
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  public double value() {
    return (double) num / den;
  }

  public FrameRate half() {
    return new FrameRate(num, den * 2);
  }

  /** The form ffmpeg's {@code fps} filter and {@code -r} accept. */
  @Override
  public String toString() {
    return den == 1 ? Long.toString(num) : num + "/" + den;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}

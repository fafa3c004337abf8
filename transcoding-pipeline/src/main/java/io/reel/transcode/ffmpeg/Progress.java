package io.reel.transcode.ffmpeg;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * One ffmpeg {@code -progress} block.
 *
 * @param outTimeMicros media time written so far, 0 while ffmpeg still says {@code N/A}
 * @param frame video frames of the first video output (the top rung)
 * @param fps encoding speed in frames per second, 0 when unknown
 * @param speed encoding speed relative to realtime, absent while ffmpeg says {@code N/A}
 * @param done the last block ({@code progress=end})
 */
public record Progress(
    long outTimeMicros, long frame, double fps, OptionalDouble speed, boolean done) {

  /** Share of the media done by output time, 0..100; 100 once ffmpeg has finished. */
  public double percent(double durationSeconds) {
    if (done) {
      return 100;
    }
    if (!(durationSeconds > 0)) {
      return 0;
    }
    return clamp(outTimeMicros / 1e6 / durationSeconds * 100);
  }

  /** Share done by top-rung frames, 0..100: steadier than out_time with several outputs. */
  public double percentByFrames(double durationSeconds, double frameRate) {
    if (done) {
      return 100;
    }
    if (!(durationSeconds > 0) || !(frameRate > 0)) {
      return 0;
    }
    return clamp(frame / (durationSeconds * frameRate) * 100);
  }

  /**
   * Seconds left at the average pace so far; empty before any progress. Zero once done.
   *
   * @param elapsed wall time since ffmpeg started
   */
  public OptionalDouble etaSeconds(double durationSeconds, Duration elapsed) {
    return eta(percent(durationSeconds), elapsed);
  }

  /**
   * Like {@link #etaSeconds} from an already computed percentage (e.g. {@link #percentByFrames}).
   */
  public static OptionalDouble eta(double percent, Duration elapsed) {
    double p = clamp(percent);
    if (p >= 100) {
      return OptionalDouble.of(0);
    }
    if (p <= 0 || elapsed.isNegative()) {
      return OptionalDouble.empty();
    }
    double seconds = elapsed.toNanos() / 1e9;
    return OptionalDouble.of(seconds * (100 - p) / p);
  }

  private static double clamp(double p) {
    if (Double.isNaN(p)) {
      return 0;
    }
    return Math.max(0, Math.min(100, p));
  }
}

package io.reel.transcode.plan;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;

/**
 * How much one job may cost, so a source cannot hold a worker for longer than it is worth. A source
 * is refused at probe time when it claims more than {@code maxDuration}, or more than {@code
 * maxWork} pixel-frames (duration x width x height x frame rate: what decoding it and encoding the
 * ladder scale with). A tiny file whose header claims ten hours is refused before ffmpeg starts. A
 * job's ffmpeg is killed, and the job failed, once it has run longer than {@link #wallClock}: a
 * fixed allowance plus the work at the slowest throughput a healthy worker has.
 *
 * @param minPixelFramesPerSecond the throughput below which a worker is considered stuck
 */
public record JobBudget(
    Duration maxDuration, double maxWork, Duration wallClockBase, double minPixelFramesPerSecond) {

  public JobBudget {
    if (maxDuration.isNegative()
        || maxDuration.isZero()
        || !(maxWork > 0)
        || !(minPixelFramesPerSecond > 0)
        || wallClockBase.isNegative()) {
      throw new IllegalArgumentException("reel.transcode.budget: every limit must be positive");
    }
  }

  /** {@code reel.transcode.budget}. */
  public static JobBudget fromConfig(Config budget) {
    return new JobBudget(
        budget.getDuration("max-duration"),
        budget.getDouble("max-work"),
        budget.getDuration("wall-clock-base"),
        budget.getDouble("min-pixel-frames-per-second"));
  }

  /** The reference.conf defaults, for tools and tests without a config. */
  public static JobBudget defaults() {
    return new JobBudget(Duration.ofHours(5), 3.6e12, Duration.ofMinutes(10), 2.0e6);
  }

  /** Decoded pixel-frames of the source's video: what its transcode costs. */
  public static double work(ProbeResult probe) {
    ProbeResult.Video v = probe.video();
    return probe.durationSeconds()
        * (double) v.codedWidth()
        * (double) v.codedHeight()
        * v.frameRate().value();
  }

  /** Refuses a source over budget, with a reason for the uploader. */
  public void check(ProbeResult probe) throws ProbeException {
    double seconds = probe.durationSeconds();
    if (seconds > maxDuration.toSeconds()) {
      throw new ProbeException(
          "over budget: the source claims to last "
              + clock(seconds)
              + ", longer than the limit of "
              + clock(maxDuration.toSeconds())
              + " (reel.transcode.budget.max-duration)");
    }
    double work = work(probe);
    if (work > maxWork) {
      ProbeResult.Video v = probe.video();
      throw new ProbeException(
          String.format(
              Locale.ROOT,
              "over budget: %s of %dx%d at %.3f fps is %.3g pixel-frames, more than the limit of"
                  + " %.3g (reel.transcode.budget.max-work)",
              clock(seconds),
              v.codedWidth(),
              v.codedHeight(),
              v.frameRate().value(),
              work,
              maxWork));
    }
  }

  /**
   * How long the job's ffmpeg may run: the allowance plus the work at the slowest acceptable
   * throughput, and never less than reading the source at {@code readRate} (0 = unthrottled) takes.
   */
  public Duration wallClock(ProbeResult probe, double readRate) {
    double seconds = work(probe) / minPixelFramesPerSecond;
    if (readRate > 0) {
      seconds = Math.max(seconds, probe.durationSeconds() / readRate);
    }
    return wallClockBase.plusMillis((long) Math.ceil(seconds * 1000));
  }

  static String clock(double seconds) {
    long s = (long) Math.ceil(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}

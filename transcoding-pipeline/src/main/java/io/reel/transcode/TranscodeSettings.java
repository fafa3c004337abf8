package io.reel.transcode;

import com.typesafe.config.Config;
import io.reel.transcode.plan.JobBudget;
import java.nio.file.Path;
import java.time.Duration;

/** {@code reel.media} and {@code reel.transcode} from reference.conf, read once. */
public record TranscodeSettings(
    Path storeDir,
    long maxUploadBytes,
    String masterKey,
    int maxConcurrentJobs,
    Path workDir,
    Duration progressInterval,
    Duration thumbnailInterval,
    String keyUri,
    String licenceUrl,
    Duration stallTimeout,
    Duration probeTimeout,
    double readRate,
    JobBudget budget) {

  /** With the default budget. */
  public TranscodeSettings(
      Path storeDir,
      long maxUploadBytes,
      String masterKey,
      int maxConcurrentJobs,
      Path workDir,
      Duration progressInterval,
      Duration thumbnailInterval,
      String keyUri,
      String licenceUrl,
      Duration stallTimeout,
      Duration probeTimeout,
      double readRate) {
    this(
        storeDir,
        maxUploadBytes,
        masterKey,
        maxConcurrentJobs,
        workDir,
        progressInterval,
        thumbnailInterval,
        keyUri,
        licenceUrl,
        stallTimeout,
        probeTimeout,
        readRate,
        JobBudget.defaults());
  }

  public static TranscodeSettings fromConfig(Config root) {
    Config m = root.getConfig("reel.media");
    Config t = root.getConfig("reel.transcode");
    return new TranscodeSettings(
        Path.of(m.getString("store-dir")),
        m.getBytes("max-upload-bytes"),
        root.getString("reel.keys.master-key"),
        t.getInt("max-concurrent-jobs"),
        Path.of(t.getString("work-dir")),
        t.getDuration("progress-interval"),
        t.getDuration("thumbnail-interval"),
        t.getString("key-uri"),
        t.getString("licence-url").isBlank() ? null : t.getString("licence-url"),
        t.getDuration("stall-timeout"),
        t.getDuration("probe-timeout"),
        t.getDouble("read-rate"),
        JobBudget.fromConfig(t.getConfig("budget")));
  }

  @Override
  public String toString() {
    // Never print the master key.
    return "TranscodeSettings[storeDir="
        + storeDir
        + ", maxUploadBytes="
        + maxUploadBytes
        + ", maxConcurrentJobs="
        + maxConcurrentJobs
        + ", workDir="
        + workDir
        + ", budget="
        + budget
        + "]";
  }
}

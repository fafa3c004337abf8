package io.reel.transcode.pack;

import io.reel.origin.keys.ContentKey;
import io.reel.transcode.FfmpegBinaries;
import io.reel.transcode.SampleClip;
import io.reel.transcode.ffmpeg.Encryption;
import io.reel.transcode.ffmpeg.FfmpegCommand;
import io.reel.transcode.ffmpeg.Trickplay;
import io.reel.transcode.plan.Ladder;
import io.reel.transcode.plan.LadderPlanner;
import io.reel.transcode.plan.LadderSettings;
import io.reel.transcode.plan.Probe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small CENC/ClearKey package made by the production chain: a synthetic clip, {@link Probe},
 * {@link LadderPlanner}, the one-process {@link FfmpegCommand} and {@link Packager#finish}. Only
 * the ladder settings are shrunk (360p and 180p, short segments) so tests stay fast; the shape of
 * the output is what a real title gets.
 */
public final class ProtectedTestPackage {

  /** Where the package is, its key and the ladder it was encoded with (top rung first). */
  public record Written(Path dir, ContentKey key, Ladder ladder) {}

  private ProtectedTestPackage() {}

  /**
   * Writes a 640x360 + 320x180 + AAC package of {@code seconds} seconds into {@code dir}.
   *
   * @param keyUri the HLS {@code EXT-X-KEY} URI (hls.js asks the licence server, not this URI)
   * @param licenceUrl the ClearKey licence URL written into the MPD, or null for none
   */
  public static Written write(
      Path dir, double seconds, int segmentSeconds, String keyUri, String licenceUrl)
      throws IOException, InterruptedException {
    // The source and ffmpeg's log stay out of the package directory, which tests serve over HTTP.
    Path work = Files.createTempDirectory("protected-package");
    try {
      return write(dir, work, seconds, segmentSeconds, keyUri, licenceUrl);
    } finally {
      try (java.util.stream.Stream<Path> s = Files.list(work)) {
        for (Path f : s.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(work);
    }
  }

  private static Written write(
      Path dir, Path work, double seconds, int segmentSeconds, String keyUri, String licenceUrl)
      throws IOException, InterruptedException {
    Path source = SampleClip.write(work.resolve("source.mp4"), 640, 360, 30, seconds, true);
    Ladder ladder;
    try {
      ladder =
          LadderPlanner.plan(
              Probe.bundled().probe(source),
              new LadderSettings(
                  2, List.of(360, 180), segmentSeconds, 0.08, 150, 20_000, 64, 48.0, 720, 60.0));
    } catch (io.reel.transcode.plan.ProbeException e) {
      throw new IOException("probe failed: " + e.getMessage(), e);
    }
    ContentKey key = ContentKey.random();
    Path out = Files.createDirectories(dir);
    FfmpegCommand command =
        new FfmpegCommand(
            source,
            out,
            ladder,
            java.util.Optional.of(new Encryption(key.kidHex(), key.keyHex())),
            Trickplay.defaults());
    command.createOutputDirectories();
    Path log = work.resolve("ffmpeg.log");
    Process p =
        command
            .processBuilder(FfmpegBinaries.bundled())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("ffmpeg hung");
    }
    if (p.exitValue() != 0) {
      throw new IOException("ffmpeg failed: " + Files.readString(log));
    }
    Packager.finish(out, key, keyUri, licenceUrl);
    return new Written(out, key, ladder);
  }

  /** {@code dir seconds segmentSeconds}: writes a package and prints its key for trying players. */
  public static void main(String[] args) throws Exception {
    Written w =
        write(
            Path.of(args[0]).toAbsolutePath(),
            Double.parseDouble(args[1]),
            Integer.parseInt(args[2]),
            "clearkey",
            null);
    System.out.println(
        "{\"dir\":\""
            + w.dir()
            + "\",\"kid\":\""
            + w.key().kidBase64Url()
            + "\",\"k\":\""
            + w.key().keyBase64Url()
            + "\"}");
  }
}

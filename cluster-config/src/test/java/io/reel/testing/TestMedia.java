package io.reel.testing;

import io.reel.transcode.FfmpegBinaries;
import io.reel.transcode.SampleClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Tiny deterministic sources made with the bundled ffmpeg (lavfi test patterns). */
public final class TestMedia {

  private TestMedia() {}

  /**
   * An H.264/AAC MP4 of {@code seconds} seconds; {@code audio=false} makes a silent one.
   *
   * @return the file, under {@code dir}
   */
  public static Path clip(
      Path dir, String name, int width, int height, int fps, double seconds, boolean audio)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    return SampleClip.write(dir.resolve(name), width, height, fps, seconds, audio);
  }

  /** An M4A with only an AAC track. */
  public static Path audioOnly(Path dir, String name, double seconds)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path out = dir.resolve(name);
    run(
        List.of(
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000:duration=" + seconds,
            "-c:a",
            "aac",
            out.toString()));
    return out;
  }

  private static void run(List<String> args) throws IOException, InterruptedException {
    ProcessBuilder pb = FfmpegBinaries.bundled().ffmpegCommand(args).redirectErrorStream(true);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("ffmpeg failed: " + output);
    }
  }
}

package io.reel.testing;

import io.reel.transcode.FfmpegBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>();
    args.addAll(List.of("-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i"));
    args.add("testsrc2=size=" + width + "x" + height + ":rate=" + fps + ":duration=" + seconds);
    if (audio) {
      args.addAll(
          List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds));
    }
    args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
    if (audio) {
      args.addAll(List.of("-c:a", "aac", "-b:a", "64k"));
    }
    args.add(out.toString());
    run(args);
    return out;
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

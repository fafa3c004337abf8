package io.reel.transcode;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes a synthetic H.264/AAC test clip with the bundled ffmpeg ({@code ./reel sample}), so the
 * upload flow can be tried on a machine with no video at hand.
 */
public final class SampleClip {

  private SampleClip() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "sample.mp4").toAbsolutePath();
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String size = args.length > 2 ? args[2] : "1280x720";
    Process p =
        FfmpegBinaries.bundled()
            .ffmpegCommand(
                List.of(
                    "-hide_banner",
                    "-loglevel",
                    "error",
                    "-y",
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=" + size + ":rate=30:duration=" + seconds,
                    "-f",
                    "lavfi",
                    "-i",
                    "sine=frequency=440:sample_rate=48000:duration=" + seconds,
                    "-c:v",
                    "libx264",
                    "-preset",
                    "veryfast",
                    "-pix_fmt",
                    "yuv420p",
                    "-c:a",
                    "aac",
                    "-b:a",
                    "128k",
                    out.toString()))
            .inheritIO()
            .start();
    int exit = p.waitFor();
    if (exit != 0) {
      System.err.println("reel: ffmpeg failed (exit " + exit + ")");
      System.exit(1);
    }
    System.out.println(out + ": " + seconds + " s " + size + " test pattern with a 440 Hz tone");
  }
}

package io.reel.transcode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Synthetic H.264/AAC test clips (lavfi test pattern and a 440 Hz tone) from the bundled ffmpeg:
 * {@code ./reel sample} for trying the upload flow, and the tests' and benchmarks' sources.
 */
public final class SampleClip {

  private SampleClip() {}

  /** The lavfi sources a clip can show. */
  public static final List<String> SOURCES = List.of("testsrc2", "mandelbrot", "life");

  /** Writes {@code out}; {@code audio=false} makes a silent clip. Throws with ffmpeg's output. */
  public static Path write(Path out, int width, int height, int fps, double seconds, boolean audio)
      throws IOException, InterruptedException {
    return write(out, "testsrc2", audio ? 440 : 0, width, height, fps, seconds);
  }

  /**
   * Writes {@code out} showing one of {@link #SOURCES} with a tone of {@code toneHz} (0: silent).
   */
  public static Path write(
      Path out, String source, int toneHz, int width, int height, int fps, double seconds)
      throws IOException, InterruptedException {
    if (!SOURCES.contains(source)) {
      throw new IllegalArgumentException("no sample source " + source + " (" + SOURCES + ")");
    }
    boolean audio = toneHz > 0;
    String size = "size=" + width + "x" + height + ":rate=" + fps;
    String video =
        switch (source) {
          // the Game of Life needs colours and a start that stays busy for a while
          case "life" ->
              "life=" + size + ":mold=10:ratio=0.2:life_color=#40C0FF:death_color=#202040";
          default -> source + "=" + size;
        };
    List<String> args = new ArrayList<>();
    args.addAll(List.of("-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i"));
    args.add(video);
    if (audio) {
      args.addAll(
          List.of(
              "-f",
              "lavfi",
              "-i",
              "sine=frequency=" + toneHz + ":sample_rate=48000:duration=" + seconds));
    }
    args.addAll(List.of("-t", Double.toString(seconds)));
    args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
    if (audio) {
      args.addAll(List.of("-c:a", "aac", "-b:a", "128k"));
    }
    args.add(out.toString());
    Process p = FfmpegBinaries.bundled().ffmpegCommand(args).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("ffmpeg could not write " + out + ": " + output);
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "sample.mp4").toAbsolutePath();
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String[] size = (args.length > 2 ? args[2] : "1280x720").split("x");
    try {
      write(out, Integer.parseInt(size[0]), Integer.parseInt(size[1]), 30, seconds, true);
    } catch (IOException e) {
      System.err.println("reel: " + e.getMessage());
      System.exit(1);
    }
    System.out.println(
        out
            + ": "
            + seconds
            + " s "
            + size[0]
            + "x"
            + size[1]
            + " test pattern with a 440 Hz tone");
  }
}

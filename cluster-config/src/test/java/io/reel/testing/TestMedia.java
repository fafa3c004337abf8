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

  /**
   * A hostile source: a Matroska file of two tiny frames, the second stamped at {@code hours}, so
   * its header claims hours while the file is about a kilobyte.
   */
  public static Path claimsHours(Path dir, String name, int hours)
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
            "color=size=160x90:rate=1:duration=2",
            "-vf",
            "setpts=N*" + (hours * 3600) + "/TB",
            "-fps_mode",
            "passthrough",
            "-c:v",
            "libx264",
            "-f",
            "matroska",
            out.toString()));
    return out;
  }

  /**
   * A hostile source: a DASH manifest whose only representation is {@code target}, a file on the
   * transcode node, after {@code paddingBytes} of XML comment (enough hides it from a sniff of the
   * first bytes).
   */
  public static Path dashManifest(Path dir, String name, String target, int paddingBytes)
      throws IOException {
    Files.createDirectories(dir);
    String padding = paddingBytes > 0 ? "<!-- " + "x".repeat(paddingBytes) + " -->\n" : "";
    return Files.writeString(
        dir.resolve(name),
        "<?xml version=\"1.0\"?>\n"
            + padding
            + "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\""
            + " mediaPresentationDuration=\"PT4S\""
            + " profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\">\n"
            + " <Period><AdaptationSet mimeType=\"video/mp4\">"
            + "<Representation id=\"1\" bandwidth=\"1000\" width=\"320\" height=\"180\""
            + " codecs=\"avc1.64000d\"><BaseURL>"
            + target
            + "</BaseURL></Representation></AdaptationSet></Period></MPD>\n");
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

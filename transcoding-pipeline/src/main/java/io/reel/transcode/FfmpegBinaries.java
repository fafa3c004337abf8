package io.reel.transcode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;

/**
 * The ffmpeg and ffprobe executables shipped inside {@code org.bytedeco:ffmpeg} (gpl build:
 * libx264, correct CENC in fragmented MP4). The first call unpacks them into {@code
 * ~/.javacpp/cache}. They always run as child processes, so a crash or a hostile input never takes
 * the node's JVM down.
 *
 * <p>The executables find their shared libraries through {@code LD_LIBRARY_PATH} (set by {@link
 * #command}); the system must provide {@code libpulse.so.0} (Debian {@code libpulse0}, which {@code
 * ./reel} installs when missing).
 */
public record FfmpegBinaries(Path ffmpeg, Path ffprobe) {

  private static volatile FfmpegBinaries bundled;

  public static FfmpegBinaries bundled() {
    FfmpegBinaries b = bundled;
    if (b == null) {
      synchronized (FfmpegBinaries.class) {
        if (bundled == null) {
          try {
            bundled =
                new FfmpegBinaries(
                    Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)),
                    Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class)));
          } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException(
                "cannot load the bundled ffmpeg (is Debian package libpulse0 installed?): "
                    + e.getMessage(),
                e);
          }
        }
        b = bundled;
      }
    }
    return b;
  }

  /** A process builder for {@code ffmpeg args...} with the library path set. */
  public ProcessBuilder ffmpegCommand(List<String> args) {
    return command(ffmpeg, args);
  }

  /** A process builder for {@code ffprobe args...} with the library path set. */
  public ProcessBuilder ffprobeCommand(List<String> args) {
    return command(ffprobe, args);
  }

  private static ProcessBuilder command(Path executable, List<String> args) {
    List<String> cmd = new ArrayList<>(args.size() + 1);
    cmd.add(executable.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    String dir = executable.getParent().toString();
    String existing = pb.environment().get("LD_LIBRARY_PATH");
    pb.environment()
        .put(
            "LD_LIBRARY_PATH", existing == null || existing.isEmpty() ? dir : dir + ":" + existing);
    return pb;
  }

  /** Prints the two paths; {@code ./reel} uses this to check the binaries run. */
  public static void main(String[] args) {
    FfmpegBinaries b = bundled();
    System.out.println(b.ffmpeg());
    System.out.println(b.ffprobe());
  }
}

package io.reel.transcode.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.transcode.FfmpegBinaries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs ffprobe on a source and turns its JSON into a {@link ProbeResult}, rejecting sources the
 * ladder cannot serve. {@link #parse} is pure so the rules are tested without a process.
 */
public final class Probe {

  static final int MAX_DIMENSION = 7680;
  static final int MIN_DIMENSION = 32;
  static final long MAX_PIXELS = 36_000_000L;
  static final double MAX_FPS = 120.0;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FfmpegBinaries binaries;
  private final Duration timeout;

  public Probe(FfmpegBinaries binaries, Duration timeout) {
    this.binaries = binaries;
    this.timeout = timeout;
  }

  /** The bundled ffprobe with a 30 s timeout (probing reads headers only). */
  public static Probe bundled() {
    return new Probe(FfmpegBinaries.bundled(), Duration.ofSeconds(30));
  }

  public ProbeResult probe(Path file) throws ProbeException {
    try {
      if (!Files.isRegularFile(file)) {
        throw new ProbeException("not a file: " + file.getFileName());
      }
      if (Files.size(file) == 0) {
        throw new ProbeException("empty file");
      }
    } catch (IOException e) {
      throw new ProbeException("cannot read source: " + e.getMessage(), e);
    }
    String url = SourceFormats.inputUrl(file);
    List<String> args = new ArrayList<>(List.of("-v", "error"));
    // Local files and self-contained containers only: a manifest naming other files is refused
    // before its demuxer opens anything.
    args.addAll(SourceFormats.inputOptions());
    args.addAll(List.of("-print_format", "json", "-show_format", "-show_streams", url));
    ProcessBuilder pb = binaries.ffprobeCommand(args);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new ProbeException("cannot start ffprobe: " + e.getMessage(), e);
    }
    try {
      process.getOutputStream().close();
      // Both pipes drained concurrently: a full stderr pipe would otherwise block ffprobe.
      CompletableFuture<String> out = readAsync(process.getInputStream());
      CompletableFuture<String> err = readAsync(process.getErrorStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new ProbeException("ffprobe timed out after " + timeout.toSeconds() + " s");
      }
      String stdout = out.get();
      String stderr = err.get();
      if (process.exitValue() != 0) {
        Optional<String> refused = SourceFormats.refusedIn(stderr);
        if (refused.isPresent()) {
          throw new ProbeException(SourceFormats.refusal(refused.get()));
        }
        throw new ProbeException("ffprobe failed: " + firstLine(stderr, process.exitValue(), url));
      }
      ProbeResult result = parse(stdout);
      // The whitelist already held ffprobe to these; checked again so ffmpeg is never handed
      // anything else (it is forced to this demuxer).
      if (SourceFormats.demuxer(result.formatName()).isEmpty()) {
        throw new ProbeException(SourceFormats.refusal(result.formatName()));
      }
      return result;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ProbeException("interrupted while probing", e);
    } catch (ExecutionException | IOException e) {
      process.destroyForcibly();
      throw new ProbeException("cannot read ffprobe output: " + e.getMessage(), e);
    }
  }

  private static CompletableFuture<String> readAsync(InputStream in) {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                f.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "ffprobe-reader");
    t.setDaemon(true);
    t.start();
    return f;
  }

  /**
   * The first stderr line is the most telling one. Its "path: " or "[demuxer @ 0x...] " prefix is
   * dropped: the reason reaches uploaders, who need neither server paths nor addresses.
   */
  static String firstLine(String stderr, int exitCode, String path) {
    String line =
        stderr
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty())
            .findFirst()
            .orElse("exit code " + exitCode);
    if (line.startsWith(path + ": ")) {
      line = line.substring(path.length() + 2);
    }
    return line.replaceFirst("^\\[[^\\]]* @ 0x[0-9a-fA-F]+\\]\\s*", "");
  }

  /** Parses {@code ffprobe -print_format json -show_format -show_streams} output. */
  public static ProbeResult parse(String json) throws ProbeException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ProbeException("unreadable ffprobe output: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ProbeException("unreadable ffprobe output: not a JSON object");
    }
    JsonNode format = root.path("format");
    JsonNode videoNode = null;
    JsonNode audioNode = null;
    for (JsonNode s : root.path("streams")) {
      String type = s.path("codec_type").asText("");
      // Cover art in audio files is a one-picture "video" stream: not a video.
      boolean attachedPic = s.path("disposition").path("attached_pic").asInt(0) == 1;
      if (videoNode == null && type.equals("video") && !attachedPic) {
        videoNode = s;
      } else if (audioNode == null && type.equals("audio")) {
        audioNode = s;
      }
    }
    if (videoNode == null) {
      throw new ProbeException(
          audioNode != null ? "audio-only source: no video stream" : "no video stream");
    }
    double duration = positive(format.path("duration").asText(""));
    if (duration <= 0) {
      duration = positive(videoNode.path("duration").asText(""));
    }
    if (duration <= 0 || Double.isNaN(duration) || Double.isInfinite(duration)) {
      throw new ProbeException("zero or missing duration");
    }

    int width = videoNode.path("width").asInt(0);
    int height = videoNode.path("height").asInt(0);
    if (width <= 0 || height <= 0) {
      throw new ProbeException("video stream has no frame size");
    }
    int rotation = rotation(videoNode);
    long displayW = width;
    long displayH = height;
    Optional<long[]> sar = ratio(videoNode.path("sample_aspect_ratio").asText(""));
    if (sar.isPresent() && sar.get()[0] != sar.get()[1]) {
      // Anamorphic: pixels are stretched horizontally when shown.
      displayW = Math.round((double) width * sar.get()[0] / sar.get()[1]);
    }
    if (rotation == 90 || rotation == 270) {
      long t = displayW;
      displayW = displayH;
      displayH = t;
    }
    if (displayW > MAX_DIMENSION
        || displayH > MAX_DIMENSION
        || displayW < MIN_DIMENSION
        || displayH < MIN_DIMENSION
        || displayW * displayH > MAX_PIXELS) {
      throw new ProbeException(
          "absurd resolution "
              + displayW
              + "x"
              + displayH
              + " (each side must be "
              + MIN_DIMENSION
              + ".."
              + MAX_DIMENSION
              + " and at most 36 megapixels)");
    }

    String avg = videoNode.path("avg_frame_rate").asText("");
    String r = videoNode.path("r_frame_rate").asText("");
    Optional<FrameRate> fps = FrameRate.parse(avg).or(() -> FrameRate.parse(r));
    if (fps.isEmpty()) {
      throw new ProbeException("absurd frame rate " + (avg.isEmpty() ? r : avg) + " (unknown)");
    }
    if (fps.get().value() > MAX_FPS) {
      throw new ProbeException(
          "absurd frame rate "
              + String.format(java.util.Locale.ROOT, "%.3f", fps.get().value())
              + " (must be above 0 and at most 120)");
    }

    ProbeResult.Video video =
        new ProbeResult.Video(
            videoNode.path("codec_name").asText("unknown"),
            width,
            height,
            (int) displayW,
            (int) displayH,
            rotation,
            fps.get(),
            videoNode.path("pix_fmt").asText("unknown"));
    Optional<ProbeResult.Audio> audio =
        Optional.ofNullable(audioNode)
            .map(
                a ->
                    new ProbeResult.Audio(
                        a.path("codec_name").asText("unknown"),
                        a.path("channels").asInt(0),
                        a.path("sample_rate").asInt(0)));
    double videoDuration = positive(videoNode.path("duration").asText(""));
    if (!(videoDuration > 0) || Double.isInfinite(videoDuration) || videoDuration > duration) {
      videoDuration = duration;
    }
    return new ProbeResult(
        format.path("format_name").asText("unknown"), duration, video, audio, videoDuration);
  }

  /**
   * Clockwise rotation in degrees. ffprobe's display matrix {@code rotation} is counter-clockwise
   * (a phone's {@code rotate=90} tag shows as {@code -90}); only 90 vs 270 vs 0/180 matters here.
   */
  static int rotation(JsonNode stream) {
    for (JsonNode sd : stream.path("side_data_list")) {
      if ("Display Matrix".equals(sd.path("side_data_type").asText())
          && sd.has("rotation")
          && sd.path("rotation").isNumber()) {
        return normalise(-(int) Math.round(sd.path("rotation").asDouble()));
      }
    }
    String tag = stream.path("tags").path("rotate").asText("");
    if (!tag.isEmpty()) {
      try {
        return normalise((int) Math.round(Double.parseDouble(tag)));
      } catch (NumberFormatException ignored) {
        return 0;
      }
    }
    return 0;
  }

  private static int normalise(int degrees) {
    int d = ((degrees % 360) + 360) % 360;
    // Round to the nearest quarter turn; odd angles are not something players honour anyway.
    return (int) (Math.round(d / 90.0) * 90) % 360;
  }

  private static Optional<long[]> ratio(String text) {
    String[] p = text.split(":", 2);
    if (p.length != 2) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(p[0].trim());
      long d = Long.parseLong(p[1].trim());
      return n > 0 && d > 0 ? Optional.of(new long[] {n, d}) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static double positive(String text) {
    try {
      double v = Double.parseDouble(text);
      return v > 0 && !Double.isInfinite(v) ? v : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

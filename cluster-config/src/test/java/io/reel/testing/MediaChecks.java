package io.reel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.transcode.FfmpegBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Polling a title's media over the admin API, and ffprobe on packaged output. */
public final class MediaChecks {

  private MediaChecks() {}

  /**
   * The title's media view. A 503 (the entity did not answer in time on a busy machine) is what a
   * client retries after, so this does too, a few times, before it fails.
   */
  public static JsonNode media(String baseUrl, String id) {
    Http.Response r = Http.get(baseUrl + "/admin/titles/" + id);
    for (int retry = 0; retry < 5 && r.status() == 503; retry++) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      r = Http.get(baseUrl + "/admin/titles/" + id);
    }
    if (r.status() != 200) {
      throw new AssertionError("GET title " + id + ": " + r.status() + " " + r.body());
    }
    return r.json().get("media");
  }

  /**
   * Polls until the media status is one of {@code statuses}; returns every media view seen on the
   * way (so a test can check progress was visible).
   */
  public static List<JsonNode> awaitStatus(
      String baseUrl, String id, Duration within, String... statuses) {
    return awaitStatus(baseUrl, id, within, Duration.ofMillis(150), statuses);
  }

  public static List<JsonNode> awaitStatus(
      String baseUrl, String id, Duration within, Duration every, String... statuses) {
    List<JsonNode> seen = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      JsonNode m = media(baseUrl, id);
      seen.add(m);
      for (String s : statuses) {
        if (s.equals(m.get("status").asText())) {
          return seen;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "title " + id + " never reached " + List.of(statuses) + "; last: " + m);
      }
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** ffprobe's JSON about {@code file}; {@code extra} goes before the input (e.g. a key). */
  public static JsonNode ffprobe(Path file, String... extra)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of("-v", "error", "-print_format", "json", "-show_streams", "-show_format"));
    args.addAll(List.of(extra));
    args.add(file.toString());
    Process p = FfmpegBinaries.bundled().ffprobeCommand(args).start();
    String out = new String(p.getInputStream().readAllBytes());
    String err = new String(p.getErrorStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("ffprobe " + file + " failed: " + err);
    }
    return Http.JSON.readTree(out);
  }

  /** Decodes every frame of a file with ffmpeg; returns its error output (empty when clean). */
  public static String decodeErrors(Path file, String... extra)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("-v", "error", "-nostdin"));
    args.addAll(List.of(extra));
    args.addAll(List.of("-i", file.toString(), "-f", "null", "-"));
    Process p = FfmpegBinaries.bundled().ffmpegCommand(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ffmpeg decode timed out");
    }
    return p.exitValue() == 0 ? out.strip() : ("exit " + p.exitValue() + ": " + out);
  }

  /** Concatenates an init segment and media segments into one playable fMP4 file. */
  public static Path join(Path dir, Path out, String init, String... segments) throws IOException {
    try (var o = Files.newOutputStream(out)) {
      o.write(Files.readAllBytes(dir.resolve(init)));
      for (String s : segments) {
        o.write(Files.readAllBytes(dir.resolve(s)));
      }
    }
    return out;
  }

  /** ffmpeg/ffprobe processes that are children of this JVM. */
  public static long liveFfmpegChildren() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().command().map(c -> c.endsWith("/ffmpeg")).orElse(false))
        .count();
  }

  /**
   * Creates a title from {@code metadataJson}, uploads a {@code seconds}-long 640x360 clip with
   * sound, waits until it is packaged and publishes it; returns its id.
   */
  public static String publishedTitle(
      String baseUrl, Path sources, String metadataJson, double seconds) throws Exception {
    return publishedTitle(baseUrl, sources, metadataJson, seconds, 640, 360, 30);
  }

  /** A title packaged from a test pattern of this size and rate, published. */
  public static String publishedTitle(
      String baseUrl,
      Path sources,
      String metadataJson,
      double seconds,
      int width,
      int height,
      int fps)
      throws Exception {
    Http.Response created = Http.post(baseUrl + "/admin/titles", metadataJson);
    if (created.status() != 201) {
      throw new AssertionError("create title: " + created.status() + " " + created.body());
    }
    String id = created.json().get("id").asText();
    Path clip = TestMedia.clip(sources, "clip-" + id + ".mp4", width, height, fps, seconds, true);
    Http.Response up = Http.putFile(baseUrl + "/admin/titles/" + id + "/source", clip);
    if (up.status() != 202) {
      throw new AssertionError("upload: " + up.status() + " " + up.body());
    }
    List<JsonNode> seen = awaitStatus(baseUrl, id, Duration.ofMinutes(3), "packaged", "failed");
    JsonNode last = seen.get(seen.size() - 1);
    if (!"packaged".equals(last.get("status").asText())) {
      throw new AssertionError("not packaged: " + last);
    }
    Http.Response published = Http.post(baseUrl + "/admin/titles/" + id + "/publish", "");
    if (published.status() != 200) {
      throw new AssertionError("publish: " + published.status() + " " + published.body());
    }
    return id;
  }
}

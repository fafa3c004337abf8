package io.reel.transcode.pack;

import io.reel.domain.media.Rendition;
import io.reel.domain.media.ResolutionTier;
import io.reel.origin.keys.ContentKey;
import io.reel.origin.keys.PackageKeys;
import io.reel.transcode.FfmpegBinaries;
import io.reel.transcode.SampleClip;
import io.reel.transcode.ffmpeg.Encryption;
import io.reel.transcode.ffmpeg.FfmpegCommand;
import io.reel.transcode.ffmpeg.Trickplay;
import io.reel.transcode.plan.Ladder;
import io.reel.transcode.plan.LadderPlanner;
import io.reel.transcode.plan.LadderSettings;
import io.reel.transcode.plan.Probe;
import io.reel.transcode.plan.Rung;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A small CENC/ClearKey package made by the production chain: a synthetic clip, {@link Probe},
 * {@link LadderPlanner}, the one-process {@link FfmpegCommand} and {@link Packager#finish}. Only
 * the ladder settings are shrunk (360p and 180p, short segments; or 720p and 360p at 10 fps for
 * keys per tier) so tests stay fast; the shape of the output is what a real title gets.
 */
public final class ProtectedTestPackage {

  /**
   * Where the package is, the key ffmpeg encrypted it with (the lowest tier's, audio's), the ladder
   * it was encoded with (top rung first), the keys of its tiers and each rendition's key.
   */
  public record Written(
      Path dir, ContentKey key, Ladder ladder, PackageKeys tiers, RenditionKeys keys) {

    /** The key of a rendition by its id. */
    public ContentKey keyOf(String renditionId) {
      return keys.of(renditionId);
    }
  }

  /** Random keys for the four tiers. */
  public static PackageKeys randomTierKeys() {
    Map<ResolutionTier, ContentKey> by = new EnumMap<>(ResolutionTier.class);
    for (ResolutionTier t : ResolutionTier.values()) {
      by.put(t, ContentKey.random());
    }
    return new PackageKeys(by);
  }

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
    return write(
        dir, 640, 360, 30, List.of(360, 180), false, seconds, segmentSeconds, keyUri, licenceUrl);
  }

  /**
   * Writes a 1280x720 + 640x360 + AAC package at 10 fps with keys per tier: the 720p rendition
   * under the HD key, 360p and audio under the SD key, as the transcoder publishes them.
   */
  public static Written writeTiered(
      Path dir, double seconds, int segmentSeconds, String keyUri, String licenceUrl)
      throws IOException, InterruptedException {
    return write(
        dir, 1280, 720, 10, List.of(720, 360), true, seconds, segmentSeconds, keyUri, licenceUrl);
  }

  private static Written write(
      Path dir,
      int width,
      int height,
      int fps,
      List<Integer> heights,
      boolean tiers,
      double seconds,
      int segmentSeconds,
      String keyUri,
      String licenceUrl)
      throws IOException, InterruptedException {
    // The source and ffmpeg's log stay out of the package directory, which tests serve over HTTP.
    Path work = Files.createTempDirectory("protected-package");
    try {
      return write(
          dir,
          work,
          width,
          height,
          fps,
          heights,
          tiers,
          seconds,
          segmentSeconds,
          keyUri,
          licenceUrl);
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
      Path dir,
      Path work,
      int width,
      int height,
      int fps,
      List<Integer> heights,
      boolean tiers,
      double seconds,
      int segmentSeconds,
      String keyUri,
      String licenceUrl)
      throws IOException, InterruptedException {
    Path source = SampleClip.write(work.resolve("source.mp4"), width, height, fps, seconds, true);
    Ladder ladder;
    try {
      ladder =
          LadderPlanner.plan(
              Probe.bundled().probe(source),
              new LadderSettings(
                  2, heights, segmentSeconds, 0.08, 150, 20_000, 64, 48.0, 720, 60.0));
    } catch (io.reel.transcode.plan.ProbeException e) {
      throw new IOException("probe failed: " + e.getMessage(), e);
    }
    PackageKeys tierKeys = randomTierKeys();
    ContentKey key = tierKeys.lowest();
    RenditionKeys keys =
        tiers ? RenditionKeys.perTier(tierKeys, renditions(ladder)) : RenditionKeys.single(key);
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
    Packager.finish(out, keys, keyUri, licenceUrl);
    return new Written(out, key, ladder, tierKeys, keys);
  }

  /** The ladder's renditions as the transcoder names them (rung ids, audio last). */
  static List<Rendition> renditions(Ladder ladder) {
    List<Rendition> out = new ArrayList<>();
    for (Rung r : ladder.video()) {
      out.add(
          Rendition.video(
              Integer.toString(r.id()), r.width(), r.height(), r.fps().value(), 0, "avc1"));
    }
    ladder.audio().ifPresent(a -> out.add(Rendition.audio(Integer.toString(a.id()), 0, "mp4a")));
    return out;
  }

  /**
   * {@code dir seconds segmentSeconds [tiered]}: writes a package and prints its keys (JWK form)
   * for trying players by hand.
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath();
    double seconds = Double.parseDouble(args[1]);
    int segment = Integer.parseInt(args[2]);
    boolean tiered = args.length > 3 && args[3].equals("tiered");
    Written w =
        tiered
            ? writeTiered(dir, seconds, segment, "clearkey", null)
            : write(dir, seconds, segment, "clearkey", null);
    StringBuilder keys = new StringBuilder();
    for (ContentKey k : w.keys().inUse()) {
      keys.append(keys.length() == 0 ? "" : ",")
          .append("{\"kid\":\"")
          .append(k.kidBase64Url())
          .append("\",\"k\":\"")
          .append(k.keyBase64Url())
          .append("\"}");
    }
    System.out.println("{\"dir\":\"" + w.dir() + "\",\"keys\":[" + keys + "]}");
  }
}

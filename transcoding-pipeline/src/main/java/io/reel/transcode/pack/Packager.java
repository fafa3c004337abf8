package io.reel.transcode.pack;

import io.reel.origin.keys.ContentKey;
import io.reel.origin.token.PackageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finishes the dash muxer's output directory into a CENC/ClearKey protected VOD package for
 * shaka-player, dash.js and hls.js. Each file is replaced atomically; running it twice is safe.
 */
public final class Packager {

  private Packager() {}

  /**
   * What {@link #finish} changed, and each MPD Representation's codecs string by id (empty without
   * an MPD), so the caller need not read the manifest back.
   */
  public record Summary(
      int playlists, int representations, int initSegmentsPatched, Map<String, String> codecsById) {
    public Summary {
      codecsById = Map.copyOf(codecsById);
    }
  }

  /** Every rendition under one key (packages made before keys per tier, simple tests). */
  public static Summary finish(Path outDir, ContentKey key, String keyUri, String licenceUrl)
      throws IOException {
    return finish(outDir, RenditionKeys.single(key), keyUri, licenceUrl);
  }

  /**
   * Re-keys each rendition ffmpeg encrypted with {@code keys.encryptedWith()} to its own key
   * ({@link CencRekey}: segments first, its init segment last), adds the W3C common pssh naming
   * every key in use to every {@code init-*.m4s}, ClearKey tags (each media playlist its
   * rendition's key id) and VOD tidying to {@code master.m3u8} and {@code media_*.m3u8}, and
   * ContentProtection to {@code manifest.mpd}.
   *
   * <p>Running it again on its own output changes nothing: an init segment already under its
   * rendition's key is not re-keyed. It must run on ffmpeg's output or its own finished output,
   * never on a directory a crash left half re-keyed (a job attempt always starts from a fresh
   * ffmpeg run in a fresh directory).
   *
   * @param keyUri the {@code URI} of the HLS {@code EXT-X-KEY} tag
   * @param licenceUrl the ClearKey licence URL written into the MPD, or null for none
   * @throws IllegalStateException if an init segment is encrypted neither with {@code
   *     encryptedWith} nor with its rendition's key: signalling protection over clear or wrongly
   *     keyed media only produces broken playback
   */
  public static Summary finish(Path outDir, RenditionKeys keys, String keyUri, String licenceUrl)
      throws IOException {
    List<Path> inits = list(outDir, "init-", ".m4s");
    if (inits.isEmpty()) {
      throw new IllegalStateException("no init-*.m4s in " + outDir);
    }
    // check every init segment before changing any, so a wrong key leaves the directory untouched
    List<String> ids = new ArrayList<>();
    List<Boolean> rekey = new ArrayList<>();
    for (Path init : inits) {
      String name = init.getFileName().toString();
      String id =
          PackageFiles.renditionOf(name)
              .orElseThrow(() -> new IllegalStateException(name + " names no rendition"));
      ContentKey target = keys.of(id);
      List<byte[]> kids = Mp4Boxes.tencDefaultKids(Files.readAllBytes(init));
      if (kids.isEmpty()) {
        throw new IllegalStateException(name + " is not encrypted (no tenc)");
      }
      boolean fresh = kids.stream().allMatch(k -> Arrays.equals(k, keys.encryptedWith().kid()));
      boolean done = kids.stream().allMatch(k -> Arrays.equals(k, target.kid()));
      if (!fresh && !done) {
        throw new IllegalStateException(
            name
                + " is encrypted with another key id than "
                + keys.encryptedWith().kidUuid()
                + " or "
                + target.kidUuid());
      }
      ids.add(id);
      rekey.add(!done);
    }
    Pssh pssh = Pssh.common(keys.inUse());
    for (int i = 0; i < inits.size(); i++) {
      Path init = inits.get(i);
      byte[] bytes = Files.readAllBytes(init);
      if (rekey.get(i)) {
        ContentKey target = keys.of(ids.get(i));
        int ivSize = CencRekey.track(bytes).perSampleIvSize();
        for (Path seg : list(outDir, "seg-" + ids.get(i) + "-", ".m4s")) {
          AtomicFiles.write(
              seg,
              CencRekey.rekeySegment(
                  Files.readAllBytes(seg), ivSize, keys.encryptedWith(), target));
        }
        bytes = CencRekey.rekeyInit(bytes, keys.encryptedWith(), target);
      }
      AtomicFiles.write(init, pssh.insertInto(bytes));
    }

    int playlists = 0;
    Path master = outDir.resolve("master.m3u8");
    if (Files.isRegularFile(master)) {
      HlsPlaylists.tidyFile(master, keys.encryptedWith(), keyUri);
      playlists++;
    }
    for (Path media : list(outDir, "media_", ".m3u8")) {
      String name = media.getFileName().toString();
      ContentKey key = PackageFiles.renditionOf(name).map(keys::of).orElse(keys.encryptedWith());
      HlsPlaylists.tidyFile(media, key, keyUri);
      playlists++;
    }
    DashManifest.Representations reps = new DashManifest.Representations(0, Map.of());
    Path mpd = outDir.resolve("manifest.mpd");
    if (Files.isRegularFile(mpd)) {
      reps = DashManifest.protectFile(mpd, keys, licenceUrl);
    }
    if (playlists == 0 && reps.count() == 0) {
      throw new IllegalStateException("neither master.m3u8 nor manifest.mpd in " + outDir);
    }
    return new Summary(playlists, reps.count(), inits.size(), reps.codecsById());
  }

  private static List<Path> list(Path dir, String prefix, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(suffix) && Files.isRegularFile(p);
              })
          .sorted()
          .toList();
    }
  }
}

package io.reel.transcode.pack;

import io.reel.origin.keys.ContentKey;
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

  /**
   * Adds the W3C common pssh to every {@code init-*.m4s}, ClearKey tags and VOD tidying to {@code
   * master.m3u8} and {@code media_*.m3u8}, and ContentProtection to {@code manifest.mpd}.
   *
   * @param keyUri the {@code URI} of the HLS {@code EXT-X-KEY} tag
   * @param licenceUrl the ClearKey licence URL written into the MPD, or null for none
   * @throws IllegalStateException if an init segment is not encrypted with {@code key}'s id:
   *     signalling protection over clear or wrongly keyed media only produces broken playback
   */
  public static Summary finish(Path outDir, ContentKey key, String keyUri, String licenceUrl)
      throws IOException {
    List<Path> inits = list(outDir, "init-", ".m4s");
    if (inits.isEmpty()) {
      throw new IllegalStateException("no init-*.m4s in " + outDir);
    }
    // check every segment before changing any, so a failure leaves the directory untouched
    List<byte[]> patched = new ArrayList<>();
    Pssh pssh = Pssh.common(List.of(key));
    for (Path init : inits) {
      byte[] bytes = Files.readAllBytes(init);
      List<byte[]> kids = Mp4Boxes.tencDefaultKids(bytes);
      if (kids.isEmpty()) {
        throw new IllegalStateException(init.getFileName() + " is not encrypted (no tenc)");
      }
      for (byte[] kid : kids) {
        if (!Arrays.equals(kid, key.kid())) {
          throw new IllegalStateException(
              init.getFileName() + " is encrypted with another key id than " + key.kidUuid());
        }
      }
      patched.add(pssh.insertInto(bytes));
    }
    for (int i = 0; i < inits.size(); i++) {
      AtomicFiles.write(inits.get(i), patched.get(i));
    }

    int playlists = 0;
    Path master = outDir.resolve("master.m3u8");
    if (Files.isRegularFile(master)) {
      HlsPlaylists.tidyFile(master, key, keyUri);
      playlists++;
    }
    for (Path media : list(outDir, "media_", ".m3u8")) {
      HlsPlaylists.tidyFile(media, key, keyUri);
      playlists++;
    }
    DashManifest.Representations reps = new DashManifest.Representations(0, Map.of());
    Path mpd = outDir.resolve("manifest.mpd");
    if (Files.isRegularFile(mpd)) {
      reps = DashManifest.protectFile(mpd, key, licenceUrl);
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

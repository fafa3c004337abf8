package io.reel.transcode.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.domain.media.ResolutionTier;
import io.reel.origin.keys.ContentKey;
import io.reel.transcode.FfmpegBinaries;
import io.reel.transcode.plan.Rung;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys per resolution tier through the real chain: one ffmpeg pass encrypts a 720p + 360p + AAC
 * ladder with the SD key, {@link Packager#finish} re-keys the 720p rendition to the HD key. Then
 * the package is read as an attacker with the SD key would: the HD init segment names another key
 * id, and the HD samples do not decrypt with the SD key (ffmpeg decodes them only with the HD key).
 */
class TierKeysPackageTest {

  @TempDir static Path dir;

  private static ProtectedTestPackage.Written pkg;
  private static String hd;
  private static String sd;
  private static String audio;

  @BeforeAll
  static void write() throws Exception {
    pkg = ProtectedTestPackage.writeTiered(dir.resolve("package"), 2, 1, "key.bin", "https://l/c");
    for (Rung r : pkg.ladder().video()) {
      if (r.height() == 720) {
        hd = Integer.toString(r.id());
      } else if (r.height() == 360) {
        sd = Integer.toString(r.id());
      }
    }
    audio = Integer.toString(pkg.ladder().audio().orElseThrow().id());
    assertTrue(hd != null && sd != null, "a 720p and a 360p rung: " + pkg.ladder());
  }

  private static ContentKey tier(ResolutionTier t) {
    return pkg.tiers().forTier(t);
  }

  private static byte[] read(String name) throws Exception {
    return Files.readAllBytes(pkg.dir().resolve(name));
  }

  @Test
  void eachRenditionsInitSegmentNamesItsTiersKeyAndThePsshNamesBoth() throws Exception {
    ContentKey sdKey = tier(ResolutionTier.SD);
    ContentKey hdKey = tier(ResolutionTier.HD);
    Map<String, ContentKey> expected = Map.of(hd, hdKey, sd, sdKey, audio, sdKey);
    for (var e : expected.entrySet()) {
      byte[] init = read("init-" + e.getKey() + ".m4s");
      List<byte[]> kids = Mp4Boxes.tencDefaultKids(init);
      assertEquals(1, kids.size());
      assertArrayEquals(e.getValue().kid(), kids.get(0), "tenc of rendition " + e.getKey());
      assertEquals(
          List.of(Pssh.common(List.of(sdKey, hdKey))), Pssh.inMoov(init), "pssh " + e.getKey());
    }
    assertFalse(
        Arrays.equals(
            Mp4Boxes.tencDefaultKids(read("init-" + hd + ".m4s")).get(0),
            Mp4Boxes.tencDefaultKids(read("init-" + sd + ".m4s")).get(0)),
        "the HD init segment's KID differs from the SD one");
  }

  @Test
  void manifestsSignalEachRenditionsKeyId() throws Exception {
    JsonNode r = ManifestChecker.check(pkg.dir());
    Map<String, String> hlsKids = new HashMap<>();
    for (JsonNode m : r.get("hls").get("media")) {
      hlsKids.put(m.get("uri").asText(), m.get("keyId").asText().toLowerCase());
      assertEquals("org.w3.clearkey", m.get("keyFormat").asText(), m.toString());
    }
    assertEquals("0x" + tier(ResolutionTier.HD).kidHex(), hlsKids.get("media_" + hd + ".m3u8"));
    assertEquals("0x" + tier(ResolutionTier.SD).kidHex(), hlsKids.get("media_" + sd + ".m3u8"));
    assertEquals("0x" + tier(ResolutionTier.SD).kidHex(), hlsKids.get("media_" + audio + ".m3u8"));

    Map<String, String> dashKids = new HashMap<>();
    List<JsonNode> reps = new ArrayList<>();
    r.get("dash").get("playlists").forEach(reps::add);
    r.get("dash").get("audio").forEach(reps::add);
    for (JsonNode p : reps) {
      JsonNode cenc = p.get("contentProtection").get("mp4protection");
      dashKids.put(p.get("id").asText(), cenc.get("cenc:default_KID").asText());
    }
    assertEquals(tier(ResolutionTier.HD).kidUuid(), dashKids.get(hd), r.toString());
    assertEquals(tier(ResolutionTier.SD).kidUuid(), dashKids.get(sd), r.toString());
    assertEquals(tier(ResolutionTier.SD).kidUuid(), dashKids.get(audio), r.toString());
    // one video AdaptationSet per key, players may switch between them
    String mpd = Files.readString(pkg.dir().resolve("manifest.mpd"));
    assertEquals(3, mpd.split("<AdaptationSet ", -1).length - 1, mpd);
    assertEquals(2, mpd.split(DashManifest.ADAPTATION_SET_SWITCHING, -1).length - 1, mpd);
  }

  @Test
  void theSdKeyDoesNotDecryptTheHdRendition() throws Exception {
    ContentKey sdKey = tier(ResolutionTier.SD);
    ContentKey hdKey = tier(ResolutionTier.HD);
    Path hdTrack = concat(hd, "hd.mp4");
    Path sdTrack = concat(sd, "sd.mp4");

    // the control: each rendition decodes without an error under its own key
    assertEquals("", decodeErrors(hdTrack, hdKey), "the HD rendition under the HD key");
    assertEquals("", decodeErrors(sdTrack, sdKey), "the SD rendition under the SD key");
    // an SD-only viewer holding the HD files still cannot watch them
    assertNotEquals("", decodeErrors(hdTrack, sdKey), "the HD rendition under the SD key");

    // and sample by sample: the first video sample of an HD segment starts with an AVC NAL unit
    // whose length fits the sample only after decryption with the HD key
    byte[] seg = read("seg-" + hd + "-00001.m4s");
    int ivSize = CencRekey.track(read("init-" + hd + ".m4s")).perSampleIvSize();
    assertTrue(nalUnitsFit(CencRekey.decryptSegment(seg, ivSize, hdKey)));
    assertTrue(
        !Arrays.equals(
            CencRekey.decryptSegment(seg, ivSize, hdKey),
            CencRekey.decryptSegment(seg, ivSize, sdKey)),
        "the SD key yields other bytes");
  }

  @Test
  void finishingTwiceChangesNothingAndAForeignKeyIsRefused() throws Exception {
    byte[] before = read("seg-" + hd + "-00001.m4s");
    byte[] initBefore = read("init-" + hd + ".m4s");
    Packager.finish(pkg.dir(), pkg.keys(), "key.bin", "https://l/c");
    assertArrayEquals(before, read("seg-" + hd + "-00001.m4s"));
    assertArrayEquals(initBefore, read("init-" + hd + ".m4s"));

    RenditionKeys foreign =
        RenditionKeys.perTier(
            ProtectedTestPackage.randomTierKeys(), ProtectedTestPackage.renditions(pkg.ladder()));
    assertThrows(
        IllegalStateException.class,
        () -> Packager.finish(pkg.dir(), foreign, "key.bin", "https://l/c"));
    assertArrayEquals(before, read("seg-" + hd + "-00001.m4s"), "a refused run changes nothing");
  }

  /** Every sample's AVC length-prefixed NAL units add up to the sample exactly. */
  private static boolean nalUnitsFit(byte[] segment) {
    for (CencRekey.Sample s : CencRekey.samples(segment)) {
      long at = s.offset();
      long end = (long) s.offset() + s.size();
      while (at + 4 <= end) {
        long len = Mp4Boxes.u32(segment, (int) at);
        at += 4 + len;
      }
      if (at != end) {
        return false;
      }
    }
    return true;
  }

  /** The rendition's init segment and all its media segments as one fragmented MP4 file. */
  private static Path concat(String id, String name) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(read("init-" + id + ".m4s"));
    try (Stream<Path> s = Files.list(pkg.dir())) {
      for (Path seg :
          s.filter(p -> p.getFileName().toString().startsWith("seg-" + id + "-"))
              .sorted()
              .toList()) {
        out.write(Files.readAllBytes(seg));
      }
    }
    Path file = dir.resolve(name);
    Files.write(file, out.toByteArray());
    return file;
  }

  /** ffmpeg's error output while decoding every frame with {@code key} ("" when clean). */
  private static String decodeErrors(Path track, ContentKey key) throws Exception {
    Process p =
        FfmpegBinaries.bundled()
            .ffmpegCommand(
                List.of(
                    "-hide_banner",
                    "-nostdin",
                    "-loglevel",
                    "error",
                    "-decryption_key",
                    key.keyHex(),
                    "-i",
                    track.toString(),
                    "-f",
                    "null",
                    "-"))
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "ffmpeg finished");
    return (p.exitValue() == 0 ? "" : "exit " + p.exitValue() + " ") + output.strip();
  }
}

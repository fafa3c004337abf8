package io.reel.transcode.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.origin.keys.ContentKey;
import io.reel.transcode.FfmpegBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real chain: bundled ffmpeg encrypts a 2 s 320x180 + 160x90 + AAC ladder with the dash muxer,
 * {@link Packager#finish} post-processes it, then independent readers check the result.
 */
class PackagerEndToEndTest {

  /**
   * Relative on purpose: ffmpeg's HLS demuxer fetches an EXT-X-KEY URI as a raw 16-byte key even
   * for SAMPLE-AES-CTR, so the test puts the key there for ffprobe to read.
   */
  private static final String KEY_URI = "key.bin";

  @Test
  void packagesAProtectedVodThatParsersAndFfprobeAccept(@TempDir Path out) throws Exception {
    ContentKey key = ContentKey.random();
    transcode(out, key);

    Packager.Summary summary =
        Packager.finish(out, key, KEY_URI, "https://licence.example/clearkey");
    assertEquals(4, summary.playlists());
    assertEquals(3, summary.representations());
    assertEquals(3, summary.initSegmentsPatched());
    // the exact strings the muxer wrote, read from the same parse that protected the MPD
    assertEquals(Set.of("0", "1", "2"), summary.codecsById().keySet());
    assertTrue(summary.codecsById().get("0").startsWith("avc1."), summary.toString());
    assertTrue(summary.codecsById().get("1").startsWith("avc1."), summary.toString());
    assertEquals("mp4a.40.2", summary.codecsById().get("2"));

    List<Path> inits = files(out, "init-");
    assertEquals(3, inits.size());
    for (Path init : inits) {
      byte[] bytes = Files.readAllBytes(init);
      List<byte[]> kids = Mp4Boxes.tencDefaultKids(bytes);
      assertEquals(1, kids.size(), init.toString());
      assertArrayEquals(key.kid(), kids.get(0), "ffmpeg encrypted " + init + " with our kid");
      List<Pssh> psshs = Pssh.inMoov(bytes);
      assertEquals(List.of(Pssh.common(List.of(key))), psshs, init.toString());
    }

    JsonNode r = ManifestChecker.check(out);
    JsonNode hls = r.get("hls");
    assertEquals(7, hls.get("version").asInt(), r.toString());
    assertTrue(hls.get("independentSegments").asBoolean());
    List<String> resolutions = new ArrayList<>();
    for (JsonNode p : hls.get("playlists")) {
      resolutions.add(p.get("resolution").asText());
      assertTrue(p.get("codecs").asText().startsWith("avc1."), p.toString());
    }
    assertEquals(List.of("320x180", "160x90"), resolutions);
    assertEquals(1, hls.get("audio").size());
    assertEquals(3, hls.get("media").size());
    for (JsonNode m : hls.get("media")) {
      assertEquals("VOD", m.get("playlistType").asText(), m.toString());
      assertTrue(m.get("endList").asBoolean(), m.toString());
      assertTrue(m.get("hasMap").asBoolean(), m.toString());
      assertEquals("SAMPLE-AES-CTR", m.get("keyMethod").asText(), m.toString());
      assertEquals("org.w3.clearkey", m.get("keyFormat").asText(), m.toString());
      assertEquals("0x" + key.kidHex(), m.get("keyId").asText().toLowerCase(), m.toString());
      assertFalse(m.get("programDateTime").asBoolean(), m.toString());
      assertTrue(m.get("segments").asInt() >= 1);
      assertEquals(2.0, m.get("totalDuration").asDouble(), 0.1, m.toString());
    }

    JsonNode dash = r.get("dash");
    assertEquals(2.0, dash.get("duration").asDouble(), 0.1);
    assertEquals(2, dash.get("playlists").size());
    List<JsonNode> reps = new ArrayList<>();
    dash.get("playlists").forEach(reps::add);
    dash.get("audio").forEach(reps::add);
    assertEquals(3, reps.size());
    for (JsonNode p : reps) {
      JsonNode cenc = p.get("contentProtection").get("mp4protection");
      assertEquals("cenc", cenc.get("value").asText(), p.toString());
      assertEquals(key.kidUuid(), cenc.get("cenc:default_KID").asText(), p.toString());
    }
    String mpd = Files.readString(out.resolve("manifest.mpd"));
    assertEquals(
        2, mpd.split(DashManifest.CLEARKEY_SCHEME, -1).length - 1, "one per AdaptationSet");

    // ffmpeg's own HLS demuxer, from disk
    Files.write(out.resolve(KEY_URI), key.key());
    JsonNode probe = ffprobe(out.resolve("master.m3u8"));
    List<String> sizes = new ArrayList<>();
    for (JsonNode s : probe.get("streams")) {
      if ("video".equals(s.get("codec_type").asText())) {
        sizes.add(s.get("width").asInt() + "x" + s.get("height").asInt());
      }
    }
    assertTrue(sizes.contains("320x180") && sizes.contains("160x90"), probe.toString());
  }

  private static void transcode(Path out, ContentKey key) throws Exception {
    List<String> args =
        List.of(
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=320x180:rate=30:duration=2",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000:duration=2",
            "-filter_complex",
            "[0:v]split=2[a][b];[a]scale=320:180[v0];[b]scale=160:90[v1]",
            "-map",
            "[v0]",
            "-map",
            "[v1]",
            "-map",
            "1:a",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-g",
            "30",
            "-keyint_min",
            "30",
            "-sc_threshold",
            "0",
            "-x264-params",
            "open_gop=0",
            "-b:v:0",
            "300k",
            "-b:v:1",
            "100k",
            "-c:a",
            "aac",
            "-b:a",
            "64k",
            "-f",
            "dash",
            "-hls_playlist",
            "1",
            "-hls_master_name",
            "master.m3u8",
            "-seg_duration",
            "4",
            "-use_template",
            "1",
            "-use_timeline",
            "1",
            "-adaptation_sets",
            "id=0,streams=v id=1,streams=a",
            "-init_seg_name",
            "init-$RepresentationID$.m4s",
            "-media_seg_name",
            "seg-$RepresentationID$-$Number%05d$.m4s",
            "-format_options",
            "encryption_scheme=cenc-aes-ctr:encryption_key="
                + key.keyHex()
                + ":encryption_kid="
                + key.kidHex(),
            out.resolve("manifest.mpd").toString());
    Path log = Files.createTempFile("ffmpeg", ".log");
    try {
      Process p =
          FfmpegBinaries.bundled()
              .ffmpegCommand(args)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "ffmpeg hung");
      assertEquals(0, p.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static JsonNode ffprobe(Path master) throws Exception {
    Path stdout = Files.createTempFile("ffprobe", ".json");
    Path stderr = Files.createTempFile("ffprobe", ".err");
    try {
      Process p =
          FfmpegBinaries.bundled()
              .ffprobeCommand(
                  List.of(
                      "-v",
                      "error",
                      "-allowed_extensions",
                      "ALL",
                      "-show_entries",
                      "stream=codec_type,width,height",
                      "-of",
                      "json",
                      master.toString()))
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "ffprobe hung");
      String err = Files.readString(stderr);
      assertEquals(0, p.exitValue(), err);
      assertEquals("", err.strip(), "ffprobe reported errors");
      return new ObjectMapper().readTree(stdout.toFile());
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private static List<Path> files(Path dir, String prefix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }
}

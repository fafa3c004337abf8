package io.reel.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.transcode.FfmpegBinaries;
import io.reel.transcode.plan.FrameRate;
import io.reel.transcode.plan.Ladder;
import io.reel.transcode.plan.LadderPlanner;
import io.reel.transcode.plan.LadderSettings;
import io.reel.transcode.plan.Probe;
import io.reel.transcode.plan.ProbeResult;
import io.reel.transcode.plan.Rung;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegCommandTest {

  static final Encryption KEY =
      new Encryption("0123456789abcdef0123456789abcdef", "00112233445566778899aabbccddeeff");

  static ProbeResult probeResult(int w, int h, FrameRate fps, boolean audio) {
    return new ProbeResult(
        "mov,mp4,m4a,3gp,3g2,mj2",
        20,
        new ProbeResult.Video("h264", w, h, w, h, 0, fps, "yuv420p"),
        audio ? Optional.of(new ProbeResult.Audio("aac", 2, 48000)) : Optional.empty());
  }

  static String after(List<String> args, String option) {
    int i = args.indexOf(option);
    assertTrue(i >= 0, "missing " + option + " in " + args);
    return args.get(i + 1);
  }

  @Test
  void argumentsForA1080p60LadderWithAudioAndEncryption() {
    Ladder ladder =
        LadderPlanner.plan(
            probeResult(1920, 1080, FrameRate.of(60, 1), true), LadderSettings.defaults());
    FfmpegCommand cmd =
        new FfmpegCommand(
            Path.of("/in/src.mp4"),
            Path.of("/out"),
            ladder,
            Optional.of(KEY),
            Trickplay.defaults());
    List<String> a = cmd.args();

    assertEquals(
        "[0:v:0]split=6[s0][s1][s2][s3][p][t]"
            + ";[s0]scale=1920:1080[v0]"
            + ";[s1]scale=1280:720[v1]"
            + ";[s2]fps=30,scale=640:360[v2]"
            + ";[s3]fps=30,scale=426:240[v3]"
            + ";[p]select=eq(n\\,0)+gte(t\\,2.000),scale=1280:720,setsar=1[poster]"
            + ";[t]select=isnan(prev_selected_t)+gte(t-prev_selected_t\\,10.000),scale=160:90,setsar=1[thumbs]",
        after(a, "-filter_complex"));
    assertEquals("file:/in/src.mp4", after(a, "-i"));
    assertEquals("pipe:1", after(a, "-progress"));
    assertTrue(a.contains("-nostats") && a.contains("-nostdin"));
    assertEquals("0:a:0", a.get(a.indexOf("[v3]") + 2));
    assertEquals("240", after(a, "-g:v:0"));
    assertEquals("240", after(a, "-keyint_min:v:0"));
    assertEquals("120", after(a, "-g:v:3"));
    assertEquals(ladder.video().get(2).videoBitrateKbps() + "k", after(a, "-b:v:2"));
    assertEquals(ladder.video().get(2).maxrateKbps() + "k", after(a, "-maxrate:v:2"));
    assertEquals(ladder.video().get(2).bufsizeKbps() + "k", after(a, "-bufsize:v:2"));
    assertEquals("0", after(a, "-sc_threshold"));
    assertEquals("open_gop=0", after(a, "-x264-params"));
    assertEquals("128k", after(a, "-b:a"));
    assertEquals("dash", after(a, "-f"));
    assertEquals("4", after(a, "-seg_duration"));
    assertEquals("id=0,streams=v id=1,streams=a", after(a, "-adaptation_sets"));
    assertEquals("init-$RepresentationID$.m4s", after(a, "-init_seg_name"));
    assertEquals("seg-$RepresentationID$-$Number%05d$.m4s", after(a, "-media_seg_name"));
    assertEquals(
        "encryption_scheme=cenc-aes-ctr:encryption_key=00112233445566778899aabbccddeeff"
            + ":encryption_kid=0123456789abcdef0123456789abcdef",
        after(a, "-format_options"));
    assertEquals("/out/manifest.mpd", a.get(a.indexOf("-format_options") + 2));
    assertEquals("/out/poster.jpg", a.get(a.indexOf("[poster]") + 7));
    assertEquals("/out/thumbs/thumb-%05d.jpg", a.get(a.size() - 1));
    assertFalse(KEY.toString().contains(KEY.keyHex()));
  }

  @Test
  void noAudioMeansVideoOnlyAdaptationSetAndNoAudioMap() {
    Ladder ladder =
        LadderPlanner.plan(
            probeResult(360, 640, FrameRate.of(30, 1), false), LadderSettings.defaults());
    List<String> a =
        new FfmpegCommand(
                Path.of("s.mp4"), Path.of("o"), ladder, Optional.empty(), Trickplay.defaults())
            .args();
    assertEquals("id=0,streams=v", after(a, "-adaptation_sets"));
    assertFalse(a.contains("0:a:0"));
    assertFalse(a.contains("-c:a"));
    assertFalse(a.contains("-format_options"));
    assertTrue(after(a, "-filter_complex").contains("[s0]scale=360:640[v0];[s1]scale=240:426[v1]"));
  }

  // ---- real ffmpeg runs: 2 s synthetic sources, tiny sizes ----

  @Test
  void landscape640x360WithAudio(@TempDir Path dir) throws Exception {
    runCase(dir, 640, 360, 30, true, false);
  }

  @Test
  void portrait360x640WithoutAudio(@TempDir Path dir) throws Exception {
    runCase(dir, 360, 640, 30, false, false);
  }

  @Test
  void oddSize853x479(@TempDir Path dir) throws Exception {
    runCase(dir, 853, 479, 30, true, true);
  }

  @Test
  void small320x180At60(@TempDir Path dir) throws Exception {
    Ladder ladder = runCase(dir, 320, 180, 60, true, false);
    // Short side below 720: the rung is halved to 30 fps by the fps filter.
    assertEquals(FrameRate.of(30, 1), ladder.top().fps());
    assertEquals(FrameRate.of(30, 1), probeTopRung(dir.resolve("out")).video().frameRate());
  }

  @Test
  void fourByThree(@TempDir Path dir) throws Exception {
    runCase(dir, 480, 360, 25, true, false);
  }

  private Ladder runCase(Path dir, int w, int h, int fps, boolean audio, boolean odd)
      throws Exception {
    FfmpegBinaries bin = FfmpegBinaries.bundled();
    Path src = dir.resolve("src.mp4");
    List<String> gen =
        new ArrayList<>(List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
    // testsrc2 rounds odd sizes down to even, so odd sources are scaled to size afterwards;
    // 4:2:0 cannot hold odd sizes, hence 4:4:4 for those.
    String size = odd ? (w + 1) + "x" + (h + 1) : w + "x" + h;
    gen.addAll(
        List.of("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + fps + ":duration=2"));
    if (audio) {
      gen.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2"));
    }
    if (odd) {
      // setsar=1, or scale keeps 854:480's shape through a non-square pixel aspect.
      gen.addAll(List.of("-vf", "scale=" + w + ":" + h + ",setsar=1"));
    }
    gen.addAll(
        List.of(
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", odd ? "yuv444p" : "yuv420p"));
    if (audio) {
      gen.addAll(List.of("-c:a", "aac"));
    }
    gen.add(src.toString());
    Process g = bin.ffmpegCommand(gen).redirectErrorStream(true).start();
    String genOut = new String(g.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, g.waitFor(), genOut);

    ProbeResult probe = Probe.bundled().probe(src);
    assertEquals(w, probe.video().displayWidth());
    assertEquals(h, probe.video().displayHeight());
    assertEquals(audio, probe.hasAudio());
    Ladder ladder = LadderPlanner.plan(probe, LadderSettings.defaults());

    Path out = dir.resolve("out");
    FfmpegCommand cmd =
        new FfmpegCommand(src, out, ladder, Optional.of(KEY), new Trickplay(0.5, 160, 5, 5));
    cmd.createOutputDirectories();
    Process p = cmd.processBuilder(bin).redirectError(dir.resolve("stderr.txt").toFile()).start();
    List<Progress> events = new ArrayList<>();
    ProgressParser parser = new ProgressParser();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        parser.accept(line).ifPresent(events::add);
      }
    }
    int exit = p.waitFor();
    assertEquals(0, exit, Files.readString(dir.resolve("stderr.txt")));
    assertFalse(events.isEmpty());
    assertTrue(events.get(events.size() - 1).done());

    assertTrue(Files.size(out.resolve("manifest.mpd")) > 0);
    String master = Files.readString(out.resolve("master.m3u8"));
    Rung top = ladder.top();
    assertTrue(master.contains("RESOLUTION=" + top.width() + "x" + top.height()), master);
    int streams = ladder.video().size() + (audio ? 1 : 0);
    for (int id = 0; id < streams; id++) {
      assertTrue(Files.exists(out.resolve("init-" + id + ".m4s")), "init-" + id);
      assertTrue(Files.exists(out.resolve("seg-" + id + "-00001.m4s")), "seg-" + id);
      assertTrue(Files.exists(out.resolve("media_" + id + ".m3u8")), "media_" + id);
    }
    assertFalse(Files.exists(out.resolve("init-" + streams + ".m4s")));
    String mpd = Files.readString(out.resolve("manifest.mpd"));
    // One video AdaptationSet holding every rung, or players cannot switch.
    assertEquals(1, count(mpd, "contentType=\"video\""));
    assertEquals(ladder.video().size(), count(mpd, "mimeType=\"video/mp4\""));
    assertEquals(audio ? 1 : 0, count(mpd, "contentType=\"audio\""));

    assertTrue(Files.size(out.resolve("poster.jpg")) > 0);
    assertTrue(Files.size(out.resolve("thumbs/thumb-00001.jpg")) > 0);
    try (Stream<Path> thumbs = Files.list(out.resolve("thumbs"))) {
      // One thumbnail per 0.5 s of the 2 s clip, the first at 0 (SpriteSheets tiles them later).
      assertEquals(4, thumbs.count());
    }

    // CENC: the track is protected (tenc in init), samples carry IVs (senc in the fragment).
    assertTrue(containsBox(out.resolve("init-0.m4s"), "tenc"));
    assertTrue(containsBox(out.resolve("seg-0-00001.m4s"), "senc"));

    ProbeResult produced = probeTopRung(out);
    assertEquals(top.width(), produced.video().codedWidth());
    assertEquals(top.height(), produced.video().codedHeight());
    return ladder;
  }

  private static ProbeResult probeTopRung(Path out) throws Exception {
    Path joined = out.resolveSibling("top.mp4");
    try (var os = Files.newOutputStream(joined)) {
      os.write(Files.readAllBytes(out.resolve("init-0.m4s")));
      os.write(Files.readAllBytes(out.resolve("seg-0-00001.m4s")));
    }
    return Probe.bundled().probe(joined);
  }

  private static boolean containsBox(Path file, String type) throws IOException {
    byte[] b = Files.readAllBytes(file);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 4; i + 4 <= b.length; i++) {
      for (int j = 0; j < 4; j++) {
        if (b[i + j] != t[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}

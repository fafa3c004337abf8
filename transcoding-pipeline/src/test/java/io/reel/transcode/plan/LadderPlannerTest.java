package io.reel.transcode.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LadderPlannerTest {

  static final LadderSettings S = LadderSettings.defaults();

  static ProbeResult source(int w, int h, FrameRate fps, boolean audio) {
    return new ProbeResult(
        "mov,mp4,m4a,3gp,3g2,mj2",
        60,
        new ProbeResult.Video("h264", w, h, w, h, 0, fps, "yuv420p"),
        audio ? Optional.of(new ProbeResult.Audio("aac", 2, 48000)) : Optional.empty());
  }

  static List<String> sizes(Ladder l) {
    return l.video().stream().map(r -> r.width() + "x" + r.height()).toList();
  }

  @Test
  void hd1080p30SpreadsDownToPhones() {
    Ladder l = LadderPlanner.plan(source(1920, 1080, FrameRate.of(30, 1), true), S);
    assertEquals(List.of("1920x1080", "1280x720", "640x360", "426x240"), sizes(l));
    Rung top = l.top();
    assertEquals(0, top.id());
    // 1920 * 1080 * 30 * 0.08 / 1000 = 4976.6
    assertEquals(4977, top.videoBitrateKbps());
    assertEquals(7466, top.maxrateKbps());
    assertEquals(9954, top.bufsizeKbps());
    assertEquals(120, top.gopFrames());
    assertEquals(new AudioRung(4, 128, 2, 48000), l.audio().orElseThrow());
    assertEquals(4, l.segmentSeconds());
    assertInvariants(l);
  }

  @Test
  void source720pIsNeverUpscaled() {
    Ladder l = LadderPlanner.plan(source(1280, 720, FrameRate.of(30, 1), true), S);
    assertEquals(List.of("1280x720", "960x540", "640x360", "426x240"), sizes(l));
    assertInvariants(l);
  }

  @Test
  void uhd4kKeepsTopAndBottom() {
    Ladder l = LadderPlanner.plan(source(3840, 2160, FrameRate.of(30, 1), true), S);
    assertEquals(List.of("3840x2160", "1920x1080", "960x540", "426x240"), sizes(l));
    assertInvariants(l);
  }

  @Test
  void aboveLargestStandardIsCapped() {
    Ladder l = LadderPlanner.plan(source(7680, 4320, FrameRate.of(30, 1), true), S);
    assertEquals("3840x2160", sizes(l).get(0));
    assertInvariants(l);
  }

  @Test
  void portraitUsesTheShortSide() {
    Ladder l = LadderPlanner.plan(source(1080, 1920, FrameRate.of(30, 1), true), S);
    assertEquals(List.of("1080x1920", "720x1280", "360x640", "240x426"), sizes(l));
    assertInvariants(l);
  }

  @Test
  void oddSourceSizeGivesEvenRungs() {
    Ladder l = LadderPlanner.plan(source(853, 479, FrameRate.of(30, 1), true), S);
    assertEquals(List.of("852x478", "642x360", "428x240"), sizes(l));
    assertInvariants(l);
  }

  @Test
  void nonStandardTopSkipsAStandardHeightTooCloseToIt() {
    Ladder l = LadderPlanner.plan(source(1000, 562, FrameRate.of(30, 1), true), S);
    assertEquals(List.of("1000x562", "640x360", "428x240"), sizes(l));
  }

  @Test
  void sixtyFpsKeptOnHdRungsHalvedBelow() {
    Ladder l = LadderPlanner.plan(source(1920, 1080, FrameRate.of(60, 1), true), S);
    assertEquals(FrameRate.of(60, 1), l.video().get(0).fps());
    assertEquals(FrameRate.of(60, 1), l.video().get(1).fps());
    assertEquals(FrameRate.of(30, 1), l.video().get(2).fps());
    assertEquals(FrameRate.of(30, 1), l.video().get(3).fps());
    assertEquals(240, l.video().get(0).gopFrames());
    assertEquals(120, l.video().get(2).gopFrames());
    assertInvariants(l);
  }

  @Test
  void ntscRatesStayExactAndHundredTwentyIsHalved() {
    Ladder ntsc = LadderPlanner.plan(source(1280, 720, FrameRate.of(60000, 1001), false), S);
    assertEquals(FrameRate.of(60000, 1001), ntsc.top().fps());
    assertEquals(FrameRate.of(30000, 1001), ntsc.video().get(1).fps());
    assertEquals(240, ntsc.top().gopFrames());

    Ladder fast = LadderPlanner.plan(source(1920, 1080, FrameRate.of(120, 1), false), S);
    assertEquals(FrameRate.of(60, 1), fast.top().fps());
  }

  @Test
  void tinySourceGetsOneRungAtItsOwnSize() {
    Ladder l = LadderPlanner.plan(source(160, 90, FrameRate.of(25, 1), true), S);
    assertEquals(List.of("160x90"), sizes(l));
    assertEquals(S.minVideoKbps(), l.top().videoBitrateKbps());
    assertEquals(100, l.top().gopFrames());
  }

  @Test
  void tinyOddSourceIsMadeEven() {
    Ladder l = LadderPlanner.plan(source(101, 57, FrameRate.of(25, 1), true), S);
    assertEquals(List.of("100x56"), sizes(l));
  }

  @Test
  void noAudioMeansNoAudioRung() {
    Ladder l = LadderPlanner.plan(source(1280, 720, FrameRate.of(30, 1), false), S);
    assertTrue(l.audio().isEmpty());
  }

  @Test
  void maxRungsIsHonoured() {
    Ladder one =
        LadderPlanner.plan(source(1920, 1080, FrameRate.of(30, 1), false), S.withMaxRungs(1));
    assertEquals(List.of("1920x1080"), sizes(one));
    Ladder two =
        LadderPlanner.plan(source(1920, 1080, FrameRate.of(30, 1), false), S.withMaxRungs(2));
    assertEquals(List.of("1920x1080", "426x240"), sizes(two));
    Ladder all =
        LadderPlanner.plan(source(1920, 1080, FrameRate.of(30, 1), false), S.withMaxRungs(10));
    assertEquals(5, all.video().size());
  }

  @Test
  void anamorphicUsesDisplaySize() {
    ProbeResult p =
        new ProbeResult(
            "mpegts",
            10,
            new ProbeResult.Video(
                "mpeg2video", 720, 576, 1024, 576, 0, FrameRate.of(25, 1), "yuv420p"),
            Optional.empty());
    Ladder l = LadderPlanner.plan(p, S);
    assertEquals(List.of("1024x576", "640x360", "426x240"), sizes(l));
  }

  static void assertInvariants(Ladder l) {
    Rung prev = null;
    for (int i = 0; i < l.video().size(); i++) {
      Rung r = l.video().get(i);
      assertEquals(i, r.id());
      assertEquals(0, r.width() % 2, "even width " + r);
      assertEquals(0, r.height() % 2, "even height " + r);
      assertTrue(r.width() <= l.displayWidth() && r.height() <= l.displayHeight(), "upscaled " + r);
      assertEquals(Math.round(r.videoBitrateKbps() * 1.5), r.maxrateKbps());
      assertEquals(r.videoBitrateKbps() * 2, r.bufsizeKbps());
      assertEquals(Math.round(r.fps().value() * l.segmentSeconds()), r.gopFrames());
      assertTrue(r.fps().value() <= 60);
      if (prev != null) {
        assertTrue(r.width() < prev.width() && r.height() < prev.height(), "descending " + r);
        assertTrue(r.videoBitrateKbps() <= prev.videoBitrateKbps(), "monotonic bitrate " + r);
      }
      prev = r;
    }
    assertFalse(l.video().isEmpty());
  }
}

package io.reel.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrickplayTest {

  @Test
  void webVttMapsTimesToSpriteCells() {
    // 2x2 grid, 4 s interval, 23 s: 6 thumbnails, sprite 1 full, sprite 2 with two.
    String vtt = Trickplay.webVtt(23, 4, 160, 90, 2, 2);
    String expected =
        """
        WEBVTT

        00:00:00.000 --> 00:00:04.000
        thumbs/sprite-001.jpg#xywh=0,0,160,90

        00:00:04.000 --> 00:00:08.000
        thumbs/sprite-001.jpg#xywh=160,0,160,90

        00:00:08.000 --> 00:00:12.000
        thumbs/sprite-001.jpg#xywh=0,90,160,90

        00:00:12.000 --> 00:00:16.000
        thumbs/sprite-001.jpg#xywh=160,90,160,90

        00:00:16.000 --> 00:00:20.000
        thumbs/sprite-002.jpg#xywh=0,0,160,90

        00:00:20.000 --> 00:00:23.000
        thumbs/sprite-002.jpg#xywh=160,0,160,90
        """;
    assertEquals(expected, vtt);
  }

  @Test
  void longTimestampsAndExactMultiples() {
    String vtt = Trickplay.webVtt(3720, 3600, 160, 90, 5, 5);
    assertEquals(
        "WEBVTT\n\n00:00:00.000 --> 01:00:00.000\nthumbs/sprite-001.jpg#xywh=0,0,160,90\n\n"
            + "01:00:00.000 --> 01:02:00.000\nthumbs/sprite-001.jpg#xywh=160,0,160,90\n",
        vtt);
    // Exactly 20 s at 10 s: two cues, not a zero-length third.
    assertEquals(2, Trickplay.webVtt(20, 10, 160, 90, 5, 5).split("-->").length - 1);
  }

  @Test
  void thumbHeightFollowsAspectAndIsEven() {
    Trickplay t = Trickplay.defaults();
    assertEquals(90, t.thumbHeight(1920, 1080));
    assertEquals(284, t.thumbHeight(360, 640));
    assertEquals(90, t.thumbHeight(853, 479));
    assertEquals(120, t.thumbHeight(640, 480));
  }
}

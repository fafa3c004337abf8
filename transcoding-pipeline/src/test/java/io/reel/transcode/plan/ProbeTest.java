package io.reel.transcode.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeTest {

  /** Trimmed from real ffprobe 8.1.2 output; {@code %s} slots vary per case. */
  static String json(String videoExtra, String audioStream, String formatDuration) {
    return """
        {
          "streams": [
            {
              "index": 0, "codec_name": "h264", "codec_type": "video",
              "width": 1920, "height": 1080, "coded_width": 1920, "coded_height": 1080,
              "sample_aspect_ratio": "1:1", "pix_fmt": "yuv420p",
              "r_frame_rate": "30/1", "avg_frame_rate": "30/1", "duration": "12.000000",
              "disposition": { "default": 1, "attached_pic": 0 }
              %s
            }%s
          ],
          "format": { "filename": "src.mp4", "nb_streams": 2,
            "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "%s", "size": "12345" }
        }
        """
        .formatted(videoExtra, audioStream, formatDuration);
  }

  static final String AUDIO =
      """
      ,{ "index": 1, "codec_name": "aac", "codec_type": "audio", "sample_fmt": "fltp",
         "sample_rate": "48000", "channels": 2, "channel_layout": "stereo",
         "duration": "12.000000", "disposition": { "default": 1 } }
      """;

  @Test
  void theVideoStreamsOwnDurationIsKeptWhenTheAudioRunsLonger() throws Exception {
    // Video 12 s, container 30 s (a long audio tail): the truncation check needs the 12.
    ProbeResult r = Probe.parse(json("", AUDIO, "30.000000"));
    assertEquals(30.0, r.durationSeconds(), 1e-9);
    assertEquals(12.0, r.videoDurationSeconds(), 1e-9);
    // No stream duration: the container's stands in.
    ProbeResult noStreamDuration =
        Probe.parse(json("", AUDIO, "9.5").replace("\"duration\": \"12.000000\",", ""));
    assertEquals(9.5, noStreamDuration.videoDurationSeconds(), 1e-9);
  }

  @Test
  void landscapeWithAudio() throws Exception {
    ProbeResult r = Probe.parse(json("", AUDIO, "12.010000"));
    assertEquals("mov,mp4,m4a,3gp,3g2,mj2", r.formatName());
    assertEquals(12.01, r.durationSeconds(), 1e-9);
    ProbeResult.Video v = r.video();
    assertEquals("h264", v.codec());
    assertEquals(1920, v.codedWidth());
    assertEquals(1080, v.codedHeight());
    assertEquals(1920, v.displayWidth());
    assertEquals(1080, v.displayHeight());
    assertEquals(0, v.rotation());
    assertEquals(FrameRate.of(30, 1), v.frameRate());
    assertEquals("yuv420p", v.pixelFormat());
    assertTrue(r.hasAudio());
    assertEquals(new ProbeResult.Audio("aac", 2, 48000), r.audio().orElseThrow());
  }

  @Test
  void portraitFromDisplayMatrixRotation() throws Exception {
    String side =
        """
        , "side_data_list": [ { "side_data_type": "Display Matrix",
            "displaymatrix": "\\n00000000:            0       65536           0\\n",
            "rotation": -90 } ]
        """;
    ProbeResult r = Probe.parse(json(side, AUDIO, "12.0"));
    assertEquals(1920, r.video().codedWidth());
    assertEquals(1080, r.video().displayWidth());
    assertEquals(1920, r.video().displayHeight());
    assertEquals(90, r.video().rotation());
    assertTrue(r.video().portrait());
  }

  @Test
  void portraitFromRotateTag() throws Exception {
    ProbeResult r = Probe.parse(json(", \"tags\": { \"rotate\": \"270\" }", "", "12.0"));
    assertEquals(1080, r.video().displayWidth());
    assertEquals(1920, r.video().displayHeight());
    assertEquals(270, r.video().rotation());
  }

  @Test
  void upsideDownDoesNotSwap() throws Exception {
    String side =
        ", \"side_data_list\": [ { \"side_data_type\": \"Display Matrix\", \"rotation\": 180 } ]";
    ProbeResult r = Probe.parse(json(side, "", "12.0"));
    assertEquals(1920, r.video().displayWidth());
    assertEquals(180, r.video().rotation());
  }

  @Test
  void anamorphicSampleAspectRatioWidensDisplay() throws Exception {
    String dv =
        json("", AUDIO, "12.0")
            .replace("\"width\": 1920, \"height\": 1080", "\"width\": 720, \"height\": 576")
            .replace("\"sample_aspect_ratio\": \"1:1\"", "\"sample_aspect_ratio\": \"64:45\"");
    ProbeResult r = Probe.parse(dv);
    assertEquals(720, r.video().codedWidth());
    assertEquals(1024, r.video().displayWidth());
    assertEquals(576, r.video().displayHeight());
  }

  @Test
  void noAudio() throws Exception {
    ProbeResult r = Probe.parse(json("", "", "12.0"));
    assertFalse(r.hasAudio());
  }

  @Test
  void frameRateFallsBackToRFrameRate() throws Exception {
    String j =
        json("", "", "12.0")
            .replace("\"avg_frame_rate\": \"30/1\"", "\"avg_frame_rate\": \"0/0\"")
            .replace("\"r_frame_rate\": \"30/1\"", "\"r_frame_rate\": \"30000/1001\"");
    assertEquals(FrameRate.of(30000, 1001), Probe.parse(j).video().frameRate());
  }

  @Test
  void durationFallsBackToVideoStream() throws Exception {
    ProbeResult r = Probe.parse(json("", "", "N/A"));
    assertEquals(12.0, r.durationSeconds(), 1e-9);
  }

  @Test
  void audioOnlyIsRejected() {
    String j =
        """
        { "streams": [ { "index": 0, "codec_name": "mp3", "codec_type": "audio",
            "sample_rate": "44100", "channels": 2 },
          { "index": 1, "codec_name": "mjpeg", "codec_type": "video", "width": 500,
            "height": 500, "avg_frame_rate": "0/0", "r_frame_rate": "90000/1",
            "disposition": { "attached_pic": 1 } } ],
          "format": { "format_name": "mp3", "duration": "180.0" } }
        """;
    ProbeException e = assertThrows(ProbeException.class, () -> Probe.parse(j));
    assertEquals("audio-only source: no video stream", e.getMessage());
  }

  @Test
  void zeroDurationIsRejected() {
    String j =
        json("", "", "0.000000").replace("\"duration\": \"12.000000\"", "\"duration\": \"0\"");
    ProbeException e = assertThrows(ProbeException.class, () -> Probe.parse(j));
    assertTrue(e.getMessage().contains("duration"), e.getMessage());
  }

  @Test
  void absurdResolutionIsRejectedWithTheSize() {
    String huge = json("", "", "12.0").replace("\"width\": 1920", "\"width\": 10000");
    ProbeException e = assertThrows(ProbeException.class, () -> Probe.parse(huge));
    assertTrue(e.getMessage().contains("10000x1080"), e.getMessage());

    String tiny = json("", "", "12.0").replace("\"height\": 1080", "\"height\": 16");
    e = assertThrows(ProbeException.class, () -> Probe.parse(tiny));
    assertTrue(e.getMessage().contains("1920x16"), e.getMessage());

    // 7000x7000 passes each side's limit but not 36 megapixels.
    String square =
        json("", "", "12.0")
            .replace("\"width\": 1920, \"height\": 1080", "\"width\": 7000, \"height\": 7000");
    e = assertThrows(ProbeException.class, () -> Probe.parse(square));
    assertTrue(e.getMessage().contains("7000x7000"), e.getMessage());
  }

  @Test
  void badFrameRatesAreRejected() {
    String unknown =
        json("", "", "12.0")
            .replace("\"avg_frame_rate\": \"30/1\"", "\"avg_frame_rate\": \"0/0\"")
            .replace("\"r_frame_rate\": \"30/1\"", "\"r_frame_rate\": \"0/0\"");
    ProbeException e = assertThrows(ProbeException.class, () -> Probe.parse(unknown));
    assertTrue(e.getMessage().startsWith("absurd frame rate"), e.getMessage());

    String fast =
        json("", "", "12.0")
            .replace("\"avg_frame_rate\": \"30/1\"", "\"avg_frame_rate\": \"1000/1\"");
    e = assertThrows(ProbeException.class, () -> Probe.parse(fast));
    assertTrue(e.getMessage().contains("1000"), e.getMessage());
  }

  @Test
  void garbageJsonIsRejected() {
    assertThrows(ProbeException.class, () -> Probe.parse("not json"));
  }

  @Test
  void realProcessReportsEmptyAndInvalidFiles(@TempDir Path dir) throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.mp4"));
    ProbeException e = assertThrows(ProbeException.class, () -> Probe.bundled().probe(empty));
    assertEquals("empty file", e.getMessage());

    Path junk =
        Files.writeString(dir.resolve("junk.bin"), "this is not a video at all\n".repeat(50));
    e = assertThrows(ProbeException.class, () -> Probe.bundled().probe(junk));
    assertTrue(e.getMessage().startsWith("ffprobe failed: "), e.getMessage());
    assertTrue(e.getMessage().contains("Invalid data found when processing input"), e.getMessage());
  }
}

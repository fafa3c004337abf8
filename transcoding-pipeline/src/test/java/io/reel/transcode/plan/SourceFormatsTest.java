package io.reel.transcode.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The allow-list, the refusal reasons, the upload sniff and the budget arithmetic. */
class SourceFormatsTest {

  @Test
  void onlySelfContainedContainersAreAllowedAndFfmpegIsForcedToOne() {
    assertEquals(Optional.of("mov"), SourceFormats.demuxer("mov,mp4,m4a,3gp,3g2,mj2"));
    assertEquals(Optional.of("matroska"), SourceFormats.demuxer("matroska,webm"));
    assertEquals(Optional.of("mpegts"), SourceFormats.demuxer("mpegts"));
    for (String refused :
        List.of("dash", "hls", "concat", "image2", "png_pipe", "lavfi", "tee", "h264", "flv", "")) {
      assertEquals(Optional.empty(), SourceFormats.demuxer(refused), refused);
    }
    assertEquals(
        List.of("-protocol_whitelist", "file", "-format_whitelist", "mov,matroska,mpegts,mxf,avi"),
        SourceFormats.inputOptions());
    // A file name is never a protocol ("concat:", "subfile,,", "data:") nor an option ("-i").
    assertEquals(
        "file:/x/concat:a.mp4|b.mp4", SourceFormats.inputUrl(Path.of("/x/concat:a.mp4|b.mp4")));
  }

  @Test
  void refusalsSayWhatTheSourceIsAndWhatToUploadInstead() {
    String dash = SourceFormats.refusal("dash");
    assertTrue(dash.contains("a DASH manifest, which names other files"), dash);
    assertTrue(dash.contains("MP4/MOV"), dash);
    assertTrue(SourceFormats.refusal("hls").contains("an HLS playlist"));
    assertTrue(SourceFormats.refusal("concat").contains("ffconcat script"));
    assertTrue(SourceFormats.refusal("png_pipe").contains("still image"));
    assertTrue(SourceFormats.refusal("flv").contains("'flv'"));
    assertEquals(
        Optional.of("dash"),
        SourceFormats.refusedIn(
            "[dash @ 0x5579fd686380] Format not on whitelist 'mov,matroska'\nfile:/x: Invalid"));
    assertEquals(Optional.empty(), SourceFormats.refusedIn("moov atom not found"));
  }

  @Test
  void theUploadSniffSpotsTextPlaylistsAndManifests() {
    assertEquals(Optional.of("hls"), sniff("#EXTM3U\n#EXTINF:2,\n/etc/passwd\n"));
    assertEquals(Optional.of("hls"), sniff("\u00ef\u00bb\u00bf  #EXTM3U\n"));
    assertEquals(Optional.of("concat"), sniff("ffconcat version 1.0\nfile /etc/passwd\n"));
    assertEquals(Optional.of("dash"), sniff("<?xml version=\"1.0\"?>\n<!-- x -->\n<MPD>"));
    assertEquals(Optional.of("smil"), sniff("<smil><body/></smil>"));
    assertEquals(Optional.empty(), sniff("\u0000\u0000\u0000\u0018ftypmp42"));
  }

  private static Optional<String> sniff(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return SourceFormats.sniff(b, b.length);
  }

  private static ProbeResult probe(double seconds, int w, int h, int fps) {
    return new ProbeResult(
        "mov,mp4,m4a,3gp,3g2,mj2",
        seconds,
        new ProbeResult.Video("h264", w, h, w, h, 0, FrameRate.of(fps, 1), "yuv420p"),
        Optional.empty());
  }

  @Test
  void aSourceOverBudgetIsRefusedWithTheLimitItCrossed() throws Exception {
    JobBudget budget = JobBudget.defaults();
    budget.check(probe(2 * 3600, 1920, 1080, 25)); // a feature film

    ProbeException tenHours =
        assertThrows(ProbeException.class, () -> budget.check(probe(36_001, 160, 90, 1)));
    assertTrue(tenHours.getMessage().contains("claims to last 10:00:01"), tenHours.getMessage());
    assertTrue(tenHours.getMessage().contains("max-duration"), tenHours.getMessage());

    // Within the duration limit, but 8K at 120 fps for 4 hours is more work than a worker owes.
    ProbeException work =
        assertThrows(ProbeException.class, () -> budget.check(probe(4 * 3600, 7680, 4320, 120)));
    assertTrue(work.getMessage().contains("max-work"), work.getMessage());
  }

  @Test
  void theWallClockBudgetGrowsWithTheWorkAndNeverCutsAThrottledRead() {
    JobBudget b = new JobBudget(Duration.ofHours(5), 1e12, Duration.ofMinutes(1), 1e6);
    // 10 s of 100x100 at 10 fps = 1e6 pixel-frames = 1 s at 1e6 per second.
    assertEquals(Duration.ofSeconds(61), b.wallClock(probe(10, 100, 100, 10), 0));
    // Read at half real time: the 10 s source takes 20 s to read.
    assertEquals(Duration.ofSeconds(80), b.wallClock(probe(10, 100, 100, 10), 0.5));
  }
}

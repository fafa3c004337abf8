package io.reel.transcode.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reel.domain.media.Rendition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackagePublisherTest {

  @Test
  void takesTheMuxersCodecsAndKeepsThePlannedOnesItDidNotName() {
    List<Rendition> planned =
        List.of(
            Rendition.video("0", 1280, 720, 30, 3000, "avc1"),
            Rendition.video("1", 640, 360, 30, 800, "avc1"),
            Rendition.audio("2", 128, "mp4a"));
    List<Rendition> out =
        PackagePublisher.withCodecs(planned, Map.of("0", "avc1.64001f", "2", "mp4a.40.2"));
    assertEquals(
        List.of(
            Rendition.video("0", 1280, 720, 30, 3000, "avc1.64001f"),
            Rendition.video("1", 640, 360, 30, 800, "avc1"),
            Rendition.audio("2", 128, "mp4a.40.2")),
        out);
  }
}

package io.reel.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class ProgressParserTest {

  /** Captured from ffmpeg 8.1.2 ({@code -progress pipe:1}) transcoding a 12 s title. */
  static final String REAL =
      """
      frame=53
      fps=0.00
      stream_0_0_q=29.0
      stream_0_1_q=29.0
      bitrate=N/A
      total_size=N/A
      out_time_us=1700000
      out_time_ms=1700000
      out_time=00:00:01.700000
      dup_frames=0
      drop_frames=0
      speed=5.61x
      progress=continue
      frame=168
      fps=0.00
      stream_0_0_q=29.0
      stream_0_1_q=29.0
      bitrate=N/A
      total_size=N/A
      out_time_us=5533333
      out_time_ms=5533333
      out_time=00:00:05.533333
      dup_frames=0
      drop_frames=0
      speed=9.17x
      progress=continue
      frame=360
      fps=327.47
      stream_0_0_q=-1.0
      stream_0_1_q=-1.0
      bitrate=N/A
      total_size=N/A
      out_time_us=11933333
      out_time_ms=11933333
      out_time=00:00:11.933333
      dup_frames=0
      drop_frames=0
      speed=10.9x
      progress=end
      """;

  /** Captured from ffmpeg 8.1.2 at the start of a run with poster and sprite outputs. */
  static final String REAL_NA =
      """
      frame=48
      fps=0.00
      stream_0_0_q=30.0
      stream_0_1_q=29.0
      stream_1_0_q=3.0
      stream_2_0_q=5.0
      bitrate=N/A
      total_size=N/A
      out_time_us=N/A
      out_time_ms=N/A
      out_time=N/A
      dup_frames=0
      drop_frames=0
      speed=N/A
      progress=continue
      """;

  @Test
  void parsesBlocksOfRealOutput() {
    List<Progress> events = ProgressParser.parseAll(REAL);
    assertEquals(3, events.size());
    Progress first = events.get(0);
    assertEquals(1_700_000, first.outTimeMicros());
    assertEquals(53, first.frame());
    assertEquals(0.0, first.fps());
    assertEquals(5.61, first.speed().orElseThrow(), 1e-9);
    assertFalse(first.done());
    Progress last = events.get(2);
    assertEquals(11_933_333, last.outTimeMicros());
    assertEquals(360, last.frame());
    assertEquals(327.47, last.fps(), 1e-9);
    assertEquals(10.9, last.speed().orElseThrow(), 1e-9);
    assertTrue(last.done());
  }

  @Test
  void notAvailableValuesAreUnknown() {
    Progress p = ProgressParser.parseAll(REAL_NA).get(0);
    assertEquals(0, p.outTimeMicros());
    assertEquals(48, p.frame());
    assertTrue(p.speed().isEmpty());
    assertEquals(0, p.percent(2.0));
    assertTrue(p.etaSeconds(2.0, Duration.ofSeconds(1)).isEmpty());
  }

  @Test
  void outTimeMsIsMicrosecondsToo() {
    List<Progress> events = ProgressParser.parseAll("out_time_ms=2500000\nprogress=continue\n");
    assertEquals(2_500_000, events.get(0).outTimeMicros());
  }

  @Test
  void naAfterAValueKeepsTheValueButSpeedGoesUnknown() {
    List<Progress> events =
        ProgressParser.parseAll(
            "out_time_us=1000000\nspeed=2x\nprogress=continue\n"
                + "out_time_us=N/A\nspeed=N/A\nprogress=continue\n");
    assertEquals(1_000_000, events.get(1).outTimeMicros());
    assertTrue(events.get(1).speed().isEmpty());
  }

  @Test
  void percentAndEtaAreClamped() {
    Progress half = new Progress(6_000_000, 180, 30, OptionalDouble.of(1), false);
    assertEquals(50.0, half.percent(12), 1e-9);
    assertEquals(10.0, half.etaSeconds(12, Duration.ofSeconds(10)).orElseThrow(), 1e-9);
    Progress over = new Progress(20_000_000, 600, 30, OptionalDouble.empty(), false);
    assertEquals(100.0, over.percent(12), 1e-9);
    assertEquals(0.0, over.etaSeconds(12, Duration.ofSeconds(10)).orElseThrow(), 1e-9);
    assertEquals(0.0, half.percent(0));
    Progress done = new Progress(33_333, 360, 30, OptionalDouble.empty(), true);
    assertEquals(100.0, done.percent(12));
    assertEquals(25.0, half.percentByFrames(24, 30), 1e-9);
    assertEquals(100.0, over.percentByFrames(12, 30), 1e-9);
  }

  @Test
  void flowFramesLinesSplitAcrossChunks() throws Exception {
    ActorSystem system = ActorSystem.create("progress-test");
    try {
      // Chunks cut mid-line and mid-key, as pipes deliver them.
      List<ByteString> chunks = new ArrayList<>();
      String text = REAL_NA + REAL;
      for (int i = 0; i < text.length(); i += 7) {
        chunks.add(ByteString.fromString(text.substring(i, Math.min(text.length(), i + 7))));
      }
      List<Progress> events =
          Source.from(chunks)
              .via(ProgressParser.flow())
              .runWith(Sink.seq(), system)
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertEquals(4, events.size());
      assertEquals(0, events.get(0).outTimeMicros());
      assertEquals(1_700_000, events.get(1).outTimeMicros());
      assertTrue(events.get(3).done());
    } finally {
      system.terminate();
    }
  }
}

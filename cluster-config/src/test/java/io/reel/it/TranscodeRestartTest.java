package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.testing.Http;
import io.reel.testing.MediaChecks;
import io.reel.testing.TestInfra;
import io.reel.testing.TestMedia;
import io.reel.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A transcode node stopped mid-job: its ffmpeg dies with it, the job is not marked failed, and
 * another node with the transcode role starts it again (attempt 2) and packages it. Cancelling a
 * running job stops ffmpeg and removes its scratch files.
 */
class TranscodeRestartTest {

  private static String keyspace;
  private static String topic;
  private static TestNode front;
  private static Path media;

  /** Real-time reading so the job is still running when the test acts. */
  private static final Map<String, Object> SLOW =
      Map.of("reel.transcode.read-rate", 1, "reel.transcode.progress-interval", "300ms");

  @BeforeAll
  static void start() {
    keyspace = TestInfra.freshKeyspace(TranscodeRestartTest.class);
    topic = TestInfra.freshTopic("title-events");
    media = Path.of("target/media", keyspace, "sources").toAbsolutePath();
    front = TestNode.start(keyspace, topic, List.of("write", "read"), Optional.empty());
  }

  @AfterAll
  static void stop() {
    if (front != null) {
      front.close();
    }
  }

  private static TestNode transcoder(String name) {
    Map<String, Object> cfg = new java.util.HashMap<>(SLOW);
    cfg.put("reel.transcode.work-dir", "target/media/" + keyspace + "/work-" + name);
    return TestNode.start(keyspace, topic, List.of("transcode"), Optional.of(front.address()), cfg);
  }

  private static void awaitTranscoding(String base, String id) {
    MediaChecks.awaitStatus(base, id, Duration.ofMinutes(2), "transcoding", "packaged", "failed");
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (MediaChecks.media(base, id).get("percent").asDouble() <= 0) {
      assertTrue(System.nanoTime() < deadline, "no progress");
      sleep(100);
    }
    assertEquals("transcoding", MediaChecks.media(base, id).get("status").asText());
  }

  @Test
  void aJobInterruptedByANodeStopIsStartedAgainOnAnotherNode() throws Exception {
    String base = front.baseUrl();
    String id = MediaPipelineTest.createTitle(base, "Interrupted");
    Path clip = TestMedia.clip(media, "long.mp4", 320, 180, 25, 12, true);
    TestNode first = transcoder("first");
    try {
      assertEquals(202, Http.putFile(base + "/admin/titles/" + id + "/source", clip).status());
      awaitTranscoding(base, id);
      assertEquals(1, MediaChecks.media(base, id).get("job").get("attempt").asInt());
      assertTrue(MediaChecks.liveFfmpegChildren() > 0);
    } finally {
      first.close();
    }
    assertEquals(0, MediaChecks.liveFfmpegChildren(), "ffmpeg stopped with its node");
    JsonNode meanwhile = MediaChecks.media(base, id);
    assertEquals(
        "transcoding", meanwhile.get("status").asText(), "not marked failed: " + meanwhile);

    try (TestNode second = transcoder("second")) {
      JsonNode done =
          MediaPipelineTest.last(
              MediaChecks.awaitStatus(base, id, Duration.ofMinutes(3), "packaged", "failed"));
      assertEquals("packaged", done.get("status").asText(), done.toString());
      assertTrue(done.get("current").get("location").asText().endsWith("-a2"), done.toString());
      assertEquals(12.0, done.get("current").get("durationSeconds").asDouble(), 0.2);
    }
  }

  @Test
  void cancellingARunningJobStopsFfmpegAndCleansUp() throws Exception {
    String base = front.baseUrl();
    String id = MediaPipelineTest.createTitle(base, "Cancelled");
    Path clip = TestMedia.clip(media, "cancel.mp4", 320, 180, 25, 12, false);
    try (TestNode worker = transcoder("cancel")) {
      assertEquals(202, Http.putFile(base + "/admin/titles/" + id + "/source", clip).status());
      awaitTranscoding(base, id);
      Http.Response cancelled = Http.delete(base + "/admin/titles/" + id + "/transcode");
      assertEquals(200, cancelled.status(), cancelled.body());
      assertEquals("cancelled", cancelled.json().get("media").get("status").asText());

      Path work = Path.of("target/media", keyspace, "work-cancel");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (MediaChecks.liveFfmpegChildren() > 0 || countFiles(work) > 0) {
        assertTrue(System.nanoTime() < deadline, "ffmpeg or scratch files left after cancel");
        sleep(200);
      }
      assertEquals("cancelled", MediaChecks.media(base, id).get("status").asText());
    }
  }

  private static long countFiles(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

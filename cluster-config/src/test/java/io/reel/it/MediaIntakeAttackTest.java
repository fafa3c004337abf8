package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * An operator account in the wrong hands, through the admin upload route of a real node: a DASH
 * manifest naming a video that lives on the transcode node, the same manifest padded past the
 * route's first look, and a one-kilobyte file whose header claims ten hours. Each is refused with a
 * clear reason and nothing is transcoded from it; the worker then packages an honest upload.
 */
class MediaIntakeAttackTest {

  private static TestNode node;
  private static Path storeDir;
  private static Path media;
  private static String base;

  @BeforeAll
  static void start() {
    String keyspace = TestInfra.freshKeyspace(MediaIntakeAttackTest.class);
    storeDir = Path.of("target/media", keyspace, "store").toAbsolutePath();
    media = Path.of("target/media", keyspace, "sources").toAbsolutePath();
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("title-events"),
            List.of("write", "read", "transcode"),
            Optional.empty(),
            Map.of());
    base = node.baseUrl();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static JsonNode awaitEnd(String id) {
    return MediaPipelineTest.last(
        MediaChecks.awaitStatus(base, id, Duration.ofMinutes(2), "packaged", "failed"));
  }

  private static void assertRefusedJob(JsonNode m, String reasonPart) {
    assertEquals("failed", m.get("status").asText(), m.toString());
    String failure = m.get("job").get("failure").asText();
    assertTrue(failure.contains(reasonPart), () -> "reason '" + failure + "' lacks " + reasonPart);
    assertFalse(m.get("playable").asBoolean(), m.toString());
    assertTrue(m.path("current").isMissingNode() || m.path("current").isNull(), m.toString());
  }

  @Test
  void manifestsNamingLocalFilesAreRefusedAndNothingIsTranscodedFromThem() throws Exception {
    // A real video on the node's disk, such as another customer's upload in the store.
    Path victim = TestMedia.clip(media, "victim.mp4", 320, 180, 25, 4, true);

    // The plain manifest: refused by the upload route itself, nothing stored, no job.
    String plain = MediaPipelineTest.createTitle(base, "Plain manifest");
    Http.Response r =
        Http.putFile(
            base + "/admin/titles/" + plain + "/source",
            TestMedia.dashManifest(media, "plain.mpd", victim.toString(), 0));
    assertEquals(422, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertTrue(r.body().contains("DASH manifest"), r.body());
    assertFalse(r.body().contains(victim.toString()), r.body());
    assertFalse(r.body().contains("at io.reel"), "no stack trace: " + r.body());
    assertEquals(0, countFiles(storeDir.resolve("sources").resolve(plain)));
    assertEquals("none", MediaChecks.media(base, plain).get("status").asText());

    // Padded past the route's first look: accepted as bytes, refused by the probe's allow-list.
    String padded = MediaPipelineTest.createTitle(base, "Padded manifest");
    Http.Response up =
        Http.putFile(
            base + "/admin/titles/" + padded + "/source",
            TestMedia.dashManifest(media, "padded.mpd", victim.toString(), 200_000));
    assertEquals(202, up.status(), up.body());
    JsonNode m = awaitEnd(padded);
    assertRefusedJob(m, "refused: the source is a DASH manifest");
    assertEquals(0, countFiles(storeDir.resolve("packages").resolve(padded)));
    assertEquals(0, MediaChecks.liveFfmpegChildren());
  }

  @Test
  void aTinyFileClaimingHoursIsRefusedByTheBudgetAndTheWorkerGoesOn() throws Exception {
    Path claim = TestMedia.claimsHours(media, "ten-hours.mkv", 10);
    assertTrue(Files.size(claim) < 10_000, "tiny: " + Files.size(claim));
    String id = MediaPipelineTest.createTitle(base, "Ten hours");
    Http.Response up = Http.putFile(base + "/admin/titles/" + id + "/source", claim);
    assertEquals(202, up.status(), up.body());
    JsonNode m = awaitEnd(id);
    assertRefusedJob(m, "over budget: the source claims to last 10:00:01");
    assertEquals(1, m.get("job").get("attempt").asInt(), m.toString());

    // The worker is free: an honest upload on another title is packaged.
    String good = MediaPipelineTest.createTitle(base, "Honest");
    Http.Response ok =
        Http.putFile(
            base + "/admin/titles/" + good + "/source",
            TestMedia.clip(media, "honest.mp4", 320, 180, 25, 2, false));
    assertEquals(202, ok.status(), ok.body());
    JsonNode after = awaitEnd(good);
    assertEquals("packaged", after.get("status").asText(), after.toString());
    assertEquals(0, MediaChecks.liveFfmpegChildren());
  }

  private static long countFiles(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}

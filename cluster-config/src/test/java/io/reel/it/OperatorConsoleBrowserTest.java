package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reel.testing.BrowserApp;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestMedia;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator console in headless Chromium against one node with every role (real Cassandra and
 * Kafka): the operator signs in in the app, creates a title (the 422 violations shown at their
 * fields first), uploads a 6 s clip through the file input with its progress bar reaching 100 %,
 * sees the transcode pushed over {@code /admin/titles/<id>/watch} until packaged, publishes, and
 * the title is playable; then imports a small catalog (progress and a skipped line streamed back),
 * rebuilds the search index, and a viewer opening the console sees "operators only". Screenshots of
 * each page under {@code target/screenshots/console/}. Finally the viewer plays the new title. All
 * of it over HTTPS: the node serves its gateway and edge with a self-signed certificate, and
 * Chromium trusts that certificate's key and no other.
 */
class OperatorConsoleBrowserTest {

  private static TestNode node;
  private static String keyspace;
  private static String base;
  private static Path outbox;

  @BeforeAll
  static void start() {
    keyspace = TestInfra.freshKeyspace(OperatorConsoleBrowserTest.class);
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("title-events"),
            List.of("write", "read", "projection", "transcode", "edge"),
            Optional.empty(),
            Map.of(
                "reel.edge.cache.dir",
                "target/media/" + keyspace + "/edge-cache",
                // Over HTTPS as in production: the gateway and the edge with the node's own
                // self-signed certificate, which the browser (and the test's client) trusts alone.
                "reel.gateway.https.enabled",
                true));
    base = node.baseUrl();
    outbox = Path.of("target/mail", keyspace + ".jsonl");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void anOperatorCreatesUploadsWatchesAndPublishesATitleThatThenPlays() throws Exception {
    Path dir = Path.of("target/media", keyspace, "console").toAbsolutePath();
    Path clip = TestMedia.clip(dir, "night-ferry.mp4", 640, 360, 30, 6, true);
    Path catalog = dir.resolve("small-catalog.jsonl");
    Files.writeString(
        catalog,
        String.join(
            "\n",
            "{\"title\":\"Harbour Lights\",\"year\":1999,\"cast\":[\"C. Actor\"],\"genres\":[\"Drama\"]}",
            "{\"title\":\"The Long Bridge\",\"year\":2004,\"genres\":[\"Comedy\"]}",
            "this line is not json",
            "{\"title\":\"\",\"year\":2004}",
            ""));
    String viewerEmail = "console-viewer@" + keyspace.replace('_', '-') + ".test";
    Viewer viewer = Viewer.signUp(base, outbox, viewerEmail);
    viewer.subscribe("basic");

    ObjectNode spec = BrowserApp.spec("console");
    spec.put("base", base);
    BrowserApp.trust(spec, node);
    spec.put("operatorEmail", TestNode.operatorEmail(keyspace));
    spec.put("operatorPassword", Viewer.PASSWORD);
    spec.put("viewerEmail", viewerEmail);
    spec.put("viewerPassword", Viewer.PASSWORD);
    spec.put("clip", clip.toString());
    spec.put("importFile", catalog.toString());
    spec.put("title", "Night Ferry");

    long t0 = System.nanoTime();
    JsonNode result = BrowserApp.run("console.mjs", spec, Duration.ofMinutes(8));
    System.out.println(
        "console.mjs: "
            + Duration.ofNanos(System.nanoTime() - t0).toSeconds()
            + " s; "
            + result.toPrettyString());
    assertTrue(result.get("ok").asBoolean(), result.toPrettyString());
    JsonNode facts = result.get("facts");

    // Create: the violations were at their fields and focus went to the first.
    assertTrue(
        facts.at("/violations/title").asText().contains("title is required"), facts.toString());
    assertTrue(
        facts.at("/violations/year").asText().contains("year must be between"), facts.toString());
    assertEquals("title", facts.at("/violations/focused").asText());
    assertEquals("Draft", facts.get("statusAfterCreate").asText());
    String id = facts.get("titleId").asText();

    // Upload: the bar reached 100 %; the transcode was pushed (more than the first state seen)
    // and ended packaged with renditions.
    JsonNode uploads = facts.at("/seen/upload");
    assertEquals(100, uploads.get(uploads.size() - 1).asInt(), uploads.toString());
    assertEquals("packaged", facts.get("mediaStatus").asText());
    JsonNode media = facts.at("/seen/media");
    assertTrue(media.toString().contains("\"packaged:100\""), media.toString());
    assertTrue(
        media.size() >= 3, "the console saw the media change as it went: " + media.toString());
    assertFalse(facts.get("renditions").isEmpty(), facts.toString());
    assertTrue(facts.get("playableTag").asBoolean());

    // Published and playable, for the app and the API alike.
    assertEquals("Published", facts.get("statusAfterPublish").asText());
    assertTrue(facts.at("/catalog/playable").asBoolean());
    assertTrue(Http.get(base + "/catalog/titles/" + id).json().get("playable").asBoolean());
    assertEquals("Ready to play", facts.get("readyToPlayRow").asText());

    // Import: 4 lines, 2 created, 2 skipped with their reasons shown.
    assertEquals("small-catalog", facts.get("importSource").asText());
    assertEquals("4", facts.at("/import/lines").asText(), facts.toString());
    assertEquals("2", facts.at("/import/created").asText(), facts.toString());
    assertEquals("2", facts.at("/import/skipped").asText(), facts.toString());

    // The index rebuilt; the phone layout does not scroll sideways.
    assertTrue(facts.get("indexTitlesAfter").asInt() >= 1, facts.toString());
    assertTrue(facts.get("phoneOverflow").asInt() <= 0, facts.toString());

    // A viewer: no console link, "operators only", and the API says 403 anyway.
    assertFalse(facts.get("viewerHeaderHasConsole").asBoolean());
    assertEquals("Operators only", facts.get("viewerSees").asText());
    assertEquals(403, viewer.send("GET", "/admin/titles/" + id, null).status());

    // The viewer played it: the page, the API and the edge all over TLS, the page a secure
    // context (its service worker in charge), Chromium trusting the node's key and nothing else.
    assertTrue(base.startsWith("https://"), base);
    JsonNode watched = facts.get("viewerPlay");
    assertEquals("https:", watched.get("page").asText(), watched.toString());
    assertTrue(watched.get("secure").asBoolean(), watched.toString());
    assertTrue(watched.get("height").asInt() > 0, "a decoded picture: " + watched);
    JsonNode play = watched.get("plays").get(0);
    assertEquals("https:", play.get("api").asText(), watched.toString());
    assertTrue(play.get("edge").asText().startsWith("https://"), watched.toString());

    // Nothing went wrong in the page (Chromium logs each 4xx it was shown, like the 422 above).
    for (JsonNode e : result.get("consoleErrors")) {
      assertTrue(
          e.get("text").asText().startsWith("Failed to load resource"),
          result.get("consoleErrors").toString());
    }
  }
}

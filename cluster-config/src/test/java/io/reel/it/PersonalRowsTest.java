package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.domain.title.MaturityRating;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.MediaChecks;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 against the real stack: plays become continue watching and history within seconds,
 * "remove from row" and history deletes hold until the next play, My List and ratings behave as a
 * viewer expects, a thumbs down hides a title from the rows, and nobody reaches another account's
 * profile or a title above a kids profile's limit.
 */
class PersonalRowsTest {

  private static final Duration SOON = Duration.ofSeconds(30);
  private static TestNode node;
  private static String keyspace;
  private static String base;
  private static String playable;
  private static final Map<String, String> IDS = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    keyspace = TestInfra.freshKeyspace(PersonalRowsTest.class);
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("personal"),
            List.of("write", "read", "projection", "transcode", "edge"),
            Optional.empty(),
            Map.of("reel.edge.cache.dir", "target/media/" + keyspace + "/edge-cache"));
    base = node.baseUrl();
    for (String rating : List.of("G", "R")) {
      Http.Response created =
          Http.post(
              base + "/admin/titles",
              "{\"title\":\"Listed "
                  + rating
                  + "\",\"year\":2003,\"genres\":[\"Drama\"],\"maturityRating\":\""
                  + rating
                  + "\"}");
      assertEquals(201, created.status(), created.body());
      String id = created.json().get("id").asText();
      assertEquals(200, Http.post(base + "/admin/titles/" + id + "/publish", "").status());
      IDS.put(rating, id);
    }
    Http.Response draft =
        Http.post(
            base + "/admin/titles",
            "{\"title\":\"Unreleased\",\"year\":2027,\"genres\":[\"Drama\"],\"maturityRating\":\"G\"}");
    IDS.put("draft", draft.json().get("id").asText());
    playable =
        MediaChecks.publishedTitle(
            base,
            Path.of("target/media", keyspace, "sources"),
            "{\"title\":\"Long Walk\",\"year\":2026,\"genres\":[\"Drama\"],\"maturityRating\":\"PG\"}",
            6);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void playsBecomeContinueWatchingAndHistoryAndTheViewerCanTakeThemOff() throws Exception {
    Viewer viewer = Viewer.signUp(base, outbox(), "watcher@example.com");
    viewer.subscribe("basic");
    String cw = "/profiles/main/continue-watching";

    playAndStop(viewer, 2.4);
    Eventually.assertThat(
        SOON,
        () -> {
          JsonNode items = viewer.send("GET", cw, null).json().get("items");
          assertEquals(1, items.size(), items.toString());
          assertEquals(playable, items.get(0).get("title").get("id").asText());
          assertEquals(40, items.get(0).get("percent").asInt());
        });
    JsonNode home = viewer.send("GET", "/home?profile=main", null).json();
    JsonNode row = row(home, "continue-watching");
    assertEquals(playable, row.get("titles").get(0).get("id").asText());
    assertEquals(40, row.get("progress").get(0).get("percent").asInt());

    // Remove from row: gone from continue watching, still in the history.
    assertEquals(204, viewer.send("DELETE", cw + "/" + playable, null).status());
    Eventually.assertThat(
        SOON, () -> assertEquals(0, viewer.send("GET", cw, null).json().get("items").size()));
    assertEquals(List.of(playable), ids(viewer.send("GET", "/profiles/main/history", null)));

    // Played again: back on the row.
    playAndStop(viewer, 3.0);
    Eventually.assertThat(
        SOON,
        () ->
            assertEquals(
                50,
                viewer.send("GET", cw, null).json().get("items").get(0).get("percent").asInt()));

    // Played to the end: off the row, finished in the history.
    playAndStop(viewer, 6.0);
    Eventually.assertThat(
        SOON, () -> assertEquals(0, viewer.send("GET", cw, null).json().get("items").size()));
    JsonNode history = viewer.send("GET", "/profiles/main/history", null).json().get("items");
    assertTrue(history.get(0).get("finished").asBoolean(), history.toString());

    // Deleted from the history.
    assertEquals(204, viewer.send("DELETE", "/profiles/main/history/" + playable, null).status());
    Eventually.assertThat(
        SOON,
        () -> assertEquals(List.of(), ids(viewer.send("GET", "/profiles/main/history", null))));
  }

  @Test
  void myListAndRatingsBehaveAndAThumbsDownLeavesTheRows() throws Exception {
    Viewer viewer = Viewer.signUp(base, outbox(), "lister@example.com");
    String list = "/profiles/main/list";
    assertEquals(204, viewer.send("PUT", list + "/" + IDS.get("G"), null).status());
    assertEquals(204, viewer.send("PUT", list + "/" + IDS.get("R"), null).status());
    // Adding again changes nothing.
    assertEquals(204, viewer.send("PUT", list + "/" + IDS.get("G"), null).status());
    Eventually.assertThat(
        SOON,
        () ->
            assertEquals(List.of(IDS.get("R"), IDS.get("G")), ids(viewer.send("GET", list, null))));
    // Paging: one at a time with the cursor.
    JsonNode first = viewer.send("GET", list + "?limit=1", null).json();
    assertEquals(1, first.get("items").size());
    String next = first.get("next").asText();
    JsonNode second = viewer.send("GET", list + "?limit=1&cursor=" + next, null).json();
    assertEquals(IDS.get("G"), second.get("items").get(0).get("title").get("id").asText());
    assertTrue(second.get("next").isNull(), "the last page has no next");
    assertEquals(400, viewer.send("GET", list + "?cursor=bogus", null).status());
    JsonNode onHome = row(viewer.send("GET", "/home?profile=main", null).json(), "my-list");
    assertEquals(2, onHome.get("titles").size());

    assertEquals(204, viewer.send("DELETE", list + "/" + IDS.get("R"), null).status());
    assertEquals(204, viewer.send("DELETE", list + "/" + IDS.get("R"), null).status());
    Eventually.assertThat(
        SOON, () -> assertEquals(List.of(IDS.get("G")), ids(viewer.send("GET", list, null))));

    // Unknown, unpublished and malformed titles are not found; a bad rating is refused.
    assertEquals(404, viewer.send("PUT", list + "/999999999", null).status());
    assertEquals(404, viewer.send("PUT", list + "/" + IDS.get("draft"), null).status());
    assertEquals(404, viewer.send("PUT", list + "/..%2F..%2Fetc", null).status());
    String ratings = "/profiles/main/ratings/" + IDS.get("G");
    assertEquals(422, viewer.send("PUT", ratings, "{\"rating\":\"meh\"}").status());
    assertEquals(400, viewer.send("PUT", ratings, "{\"rating\":").status());

    // A thumbs down: the title leaves the new-arrivals row of this profile only.
    Eventually.assertThat(
        SOON, () -> assertTrue(rowIds(viewer, "main", "new").contains(IDS.get("G"))));
    assertEquals(204, viewer.send("PUT", ratings, "{\"rating\":\"down\"}").status());
    Eventually.assertThat(
        SOON,
        () -> {
          assertEquals(
              "down",
              viewer
                  .send("GET", "/profiles/main/ratings", null)
                  .json()
                  .get("ratings")
                  .get(IDS.get("G"))
                  .asText());
          assertFalse(rowIds(viewer, "main", "new").contains(IDS.get("G")));
        });
    assertTrue(
        ids(Viewer.send(base, "GET", "/home", null, null), "new").contains(IDS.get("G")),
        "others still see it");
    // Changed to love: back in the rows.
    assertEquals(204, viewer.send("PUT", ratings, "{\"rating\":\"love\"}").status());
    Eventually.assertThat(
        SOON, () -> assertTrue(rowIds(viewer, "main", "new").contains(IDS.get("G"))));
  }

  @Test
  void nobodyReachesAnotherAccountsProfileAndKidsStayWithinTheirLimit() throws Exception {
    Viewer parent = Viewer.signUp(base, outbox(), "family@example.com");
    String kid = parent.addProfile("Kid", true, "G");
    Viewer stranger = Viewer.signUp(base, outbox(), "nosy@example.com");

    // The kids profile cannot list or rate what is above its limit.
    assertEquals(
        404, parent.send("PUT", "/profiles/" + kid + "/list/" + IDS.get("R"), null).status());
    assertEquals(
        404,
        parent
            .send("PUT", "/profiles/" + kid + "/ratings/" + IDS.get("R"), "{\"rating\":\"up\"}")
            .status());
    assertEquals(
        204, parent.send("PUT", "/profiles/" + kid + "/list/" + IDS.get("G"), null).status());
    // The parent's list, with an R title, is not the kid's.
    assertEquals(204, parent.send("PUT", "/profiles/main/list/" + IDS.get("R"), null).status());
    Eventually.assertThat(
        SOON,
        () ->
            assertEquals(
                List.of(IDS.get("G")),
                ids(parent.send("GET", "/profiles/" + kid + "/list", null))));
    // Every row of the kid's home holds G titles only.
    Eventually.assertThat(
        SOON,
        () -> {
          JsonNode home = parent.send("GET", "/home?profile=" + kid, null).json();
          for (JsonNode row : home.get("rows")) {
            for (JsonNode t : row.get("titles")) {
              assertTrue(
                  MaturityRating.parse(t.get("maturityRating").asText())
                          .orElseThrow()
                          .compareTo(MaturityRating.G)
                      <= 0,
                  row.get("id") + ": " + t);
            }
          }
          assertEquals(1, row(home, "my-list").get("titles").size());
        });

    // Another account: 404 on every personal path of this family's profiles, reading or writing.
    for (String path : List.of("/list", "/continue-watching", "/history", "/ratings")) {
      assertEquals(404, stranger.send("GET", "/profiles/" + kid + path, null).status(), path);
    }
    assertEquals(404, stranger.send("GET", "/home?profile=" + kid, null).status());
    assertEquals(
        404, stranger.send("PUT", "/profiles/" + kid + "/list/" + IDS.get("G"), null).status());
    assertEquals(
        404, stranger.send("DELETE", "/profiles/" + kid + "/list/" + IDS.get("G"), null).status());
    assertEquals(
        404,
        stranger
            .send("DELETE", "/profiles/" + kid + "/continue-watching/" + IDS.get("G"), null)
            .status());
    // Nobody without a token.
    assertEquals(401, Viewer.send(base, "GET", "/profiles/main/list", null, null).status());
    assertEquals(
        401, Viewer.send(base, "PUT", "/profiles/main/list/" + IDS.get("G"), null, null).status());
    assertEquals(
        401, Viewer.send(base, "GET", "/profiles/main/list", null, "forged.token.here").status());
    // The kid's list is unchanged by all that.
    assertEquals(
        List.of(IDS.get("G")), ids(parent.send("GET", "/profiles/" + kid + "/list", null)));
  }

  private static void playAndStop(Viewer viewer, double at) {
    String body =
        "{\"profileId\":\"main\",\"titleId\":\""
            + playable
            + "\",\"deviceId\":\"tv\",\"deviceName\":\"TV\"}";
    Http.Response play =
        Eventually.get(
            () -> {
              Http.Response r = viewer.send("POST", "/v1/play", body);
              assertEquals(201, r.status(), r.body());
              return r;
            });
    String stop = play.json().get("heartbeatUrl").asText().replace("/heartbeat", "/stop");
    Http.Response stopped = viewer.send("POST", stop, "{\"positionSeconds\":" + at + "}");
    assertEquals(200, stopped.status(), stopped.body());
  }

  private static JsonNode row(JsonNode home, String id) {
    for (JsonNode r : home.get("rows")) {
      if (r.get("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no row " + id + " in " + home);
  }

  private static List<String> rowIds(Viewer viewer, String profile, String rowId) {
    return ids(viewer.send("GET", "/home?limit=50&profile=" + profile, null), rowId);
  }

  private static List<String> ids(Http.Response home, String rowId) {
    assertEquals(200, home.status(), home.body());
    List<String> out = new ArrayList<>();
    row(home.json(), rowId).get("titles").forEach(t -> out.add(t.get("id").asText()));
    return out;
  }

  /** The title ids of a page of items. */
  private static List<String> ids(Http.Response page) {
    assertEquals(200, page.status(), page.body());
    List<String> out = new ArrayList<>();
    page.json().get("items").forEach(i -> out.add(i.get("title").get("id").asText()));
    return out;
  }

  private static Path outbox() {
    return Path.of("target/mail", keyspace + ".jsonl");
  }
}

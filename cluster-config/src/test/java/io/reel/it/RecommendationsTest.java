package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
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
 * Issue 13, recommendations end to end: viewers' list adds and ratings reach the trainer through
 * the personal projections, the trained model reaches the read node, and a profile's rows change as
 * soon as its own history does: "because you watched" appears, what it gave a thumbs down leaves,
 * and "more like this" on a title names what its viewers also chose. A kids profile gets nothing
 * above its limit, not even by asking for more like an adult title.
 */
class RecommendationsTest {

  private static final Duration SOON = Duration.ofSeconds(45);
  private static TestNode node;
  private static String keyspace;
  private static String base;
  private static final Map<String, String> IDS = new HashMap<>();

  @BeforeAll
  static void start() {
    keyspace = TestInfra.freshKeyspace(RecommendationsTest.class);
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("recommend"),
            List.of("write", "read", "projection"),
            Optional.empty(),
            Map.of(
                "reel.recommend.first-after", "1s",
                "reel.recommend.train-every", "1s",
                "reel.read.recommend.poll-every", "200ms"));
    base = node.baseUrl();
    for (String[] t :
        List.of(
            new String[] {"heist", "Vault Night", "Crime", "PG"},
            new String[] {"getaway", "Getaway Car", "Crime", "PG"},
            new String[] {"picnic", "Summer Picnic", "Comedy", "G"},
            new String[] {"adult", "Midnight Deal", "Crime", "R"})) {
      Http.Response created =
          Http.post(
              base + "/admin/titles",
              "{\"title\":\""
                  + t[1]
                  + "\",\"year\":2020,\"genres\":[\""
                  + t[2]
                  + "\"],\"maturityRating\":\""
                  + t[3]
                  + "\",\"synopsis\":\"A crew plans one last job.\"}");
      assertEquals(201, created.status(), created.body());
      String id = created.json().get("id").asText();
      assertEquals(200, Http.post(base + "/admin/titles/" + id + "/publish", "").status());
      IDS.put(t[0], id);
    }
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void historyShapesThePicksAndEveryRowExplainsItself() throws Exception {
    // Two viewers chose the heist and the getaway together; one the picnic alone.
    for (String who : List.of("a", "b")) {
      Viewer v = Viewer.signUp(base, outbox(), who + "@example.com");
      assertEquals(204, v.send("PUT", "/profiles/main/list/" + IDS.get("heist"), null).status());
      assertEquals(
          204,
          v.send("PUT", "/profiles/main/ratings/" + IDS.get("getaway"), "{\"rating\":\"love\"}")
              .status());
    }
    Viewer c = Viewer.signUp(base, outbox(), "c@example.com");
    assertEquals(204, c.send("PUT", "/profiles/main/list/" + IDS.get("picnic"), null).status());

    // More like the heist: the getaway, because the same viewers chose both.
    Eventually.assertThat(
        SOON,
        () -> {
          JsonNode more =
              Http.get(base + "/catalog/titles/" + IDS.get("heist") + "/more-like-this").json();
          JsonNode first = more.get("items").get(0);
          assertEquals(IDS.get("getaway"), first.get("title").get("id").asText(), more.toString());
          assertEquals("Viewers of Vault Night watched it too", first.get("why").asText());
        });

    // A new viewer: top picks are what is popular; no "because you watched" yet.
    Viewer me = Viewer.signUp(base, outbox(), "me@example.com");
    // The read side knows the new profile once the profile-limits projection has it.
    JsonNode home = Eventually.get(() -> home(me, "main"));
    assertFalse(rowIds(home).stream().anyMatch(r -> r.startsWith("because-you-watched")));
    assertFalse(ids(row(home, "top-picks")).isEmpty());

    // Loving the heist changes the rows at once (no retraining needed): the heist leaves the
    // picks, and "because you watched Vault Night" offers the getaway.
    assertEquals(
        204,
        me.send("PUT", "/profiles/main/ratings/" + IDS.get("heist"), "{\"rating\":\"love\"}")
            .status());
    Eventually.assertThat(
        SOON,
        () -> {
          JsonNode h = home(me, "main");
          assertFalse(ids(row(h, "top-picks")).contains(IDS.get("heist")));
          JsonNode because = row(h, "because-you-watched:" + IDS.get("heist"));
          assertEquals("Because you watched Vault Night", because.get("title").asText());
          assertEquals(IDS.get("getaway"), ids(because).get(0));
          for (JsonNode why : row(h, "top-picks").get("why")) {
            assertFalse(why.asText().isBlank());
          }
        });

    // A thumbs down on the getaway: gone from every recommended row.
    assertEquals(
        204,
        me.send("PUT", "/profiles/main/ratings/" + IDS.get("getaway"), "{\"rating\":\"down\"}")
            .status());
    Eventually.assertThat(
        SOON,
        () -> {
          JsonNode h = home(me, "main");
          for (JsonNode r : h.get("rows")) {
            assertFalse(ids(r).contains(IDS.get("getaway")), r.toString());
          }
        });
  }

  @Test
  void aKidsProfileIsRecommendedNothingAboveItsLimit() throws Exception {
    Viewer parent = Viewer.signUp(base, outbox(), "parent@example.com");
    String kid = parent.addProfile("Kid", true, "G");
    for (String who : List.of("x", "y")) {
      Viewer v = Viewer.signUp(base, outbox(), who + "@example.com");
      assertEquals(204, v.send("PUT", "/profiles/main/list/" + IDS.get("adult"), null).status());
      assertEquals(
          204,
          v.send("PUT", "/profiles/main/ratings/" + IDS.get("picnic"), "{\"rating\":\"love\"}")
              .status());
    }
    // The model has learnt that the picnic and the adult title go together...
    Eventually.assertThat(
        SOON,
        () ->
            assertTrue(
                Http.get(base + "/catalog/titles/" + IDS.get("picnic") + "/more-like-this")
                    .body()
                    .contains(IDS.get("adult"))));
    // ...and the kid, who loved the picnic, is offered none of it, nor its name in a reason.
    assertEquals(
        204,
        parent
            .send(
                "PUT",
                "/profiles/" + kid + "/ratings/" + IDS.get("picnic"),
                "{\"rating\":\"love\"}")
            .status());
    Eventually.assertThat(
        SOON,
        () -> {
          JsonNode h = home(parent, kid);
          for (JsonNode r : h.get("rows")) {
            for (JsonNode t : r.get("titles")) {
              assertEquals("G", t.get("maturityRating").asText(), r.get("id") + ": " + t);
            }
          }
          assertFalse(h.toString().contains("Midnight Deal"), h.toString());
          JsonNode more =
              parent
                  .send(
                      "GET",
                      "/catalog/titles/" + IDS.get("picnic") + "/more-like-this?profile=" + kid,
                      null)
                  .json();
          for (JsonNode i : more.get("items")) {
            assertEquals("G", i.get("title").get("maturityRating").asText(), more.toString());
          }
          assertFalse(more.toString().contains(IDS.get("adult")), more.toString());
        });
    assertEquals(
        404,
        parent
            .send(
                "GET",
                "/catalog/titles/" + IDS.get("adult") + "/more-like-this?profile=" + kid,
                null)
            .status());
    assertEquals(404, Http.get(base + "/catalog/titles/nope/more-like-this").status());
    // Asking as another account's profile, or as a profile without a token, is refused.
    String asKid = "/catalog/titles/" + IDS.get("picnic") + "/more-like-this?profile=" + kid;
    Viewer stranger = Viewer.signUp(base, outbox(), "stranger@example.com");
    assertEquals(404, stranger.send("GET", asKid, null).status());
    assertEquals(401, Http.get(base + asKid).status());
    assertTrue(
        Http.get(base + "/catalog/titles/" + IDS.get("adult") + "/more-like-this").status() == 200);
  }

  private static JsonNode home(Viewer v, String profile) {
    Http.Response r = v.send("GET", "/home?limit=50&profile=" + profile, null);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  private static List<String> rowIds(JsonNode home) {
    List<String> out = new ArrayList<>();
    home.get("rows").forEach(r -> out.add(r.get("id").asText()));
    return out;
  }

  private static JsonNode row(JsonNode home, String id) {
    for (JsonNode r : home.get("rows")) {
      if (r.get("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no row " + id + " in " + home);
  }

  private static List<String> ids(JsonNode row) {
    List<String> out = new ArrayList<>();
    row.get("titles").forEach(t -> out.add(t.get("id").asText()));
    return out;
  }

  private static Path outbox() {
    return Path.of("target/mail", keyspace + ".jsonl");
  }
}

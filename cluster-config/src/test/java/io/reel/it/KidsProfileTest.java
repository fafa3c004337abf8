package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, kids stay kids, tried as the kid on the family tablet would: browse as the kids profile
 * and look for what is above its limit (lists, counts, newest, a title's page by id), borrow
 * another account's profile id, and lift the profile's own limits without its PIN.
 */
class KidsProfileTest {

  private static TestNode node;
  private static String keyspace;
  private static String base;
  private static String genre;
  private static final Map<String, String> IDS = new java.util.HashMap<>();

  @BeforeAll
  static void start() {
    keyspace = TestInfra.freshKeyspace(KidsProfileTest.class);
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("kids"),
            List.of("write", "read", "projection"),
            Optional.empty());
    base = node.baseUrl();
    genre = "Kidtest" + keyspace.hashCode();
    for (String rating : List.of("G", "PG", "R")) {
      Http.Response created =
          Http.post(
              base + "/admin/titles",
              "{\"title\":\"Rated "
                  + rating
                  + "\",\"year\":2001,\"genres\":[\""
                  + genre
                  + "\"],\"maturityRating\":\""
                  + rating
                  + "\"}");
      assertEquals(201, created.status(), created.body());
      String id = created.json().get("id").asText();
      assertEquals(200, Http.post(base + "/admin/titles/" + id + "/publish", "").status());
      IDS.put(rating, id);
    }
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aKidsProfileSeesNothingAboveItsLimitAndCannotLiftIt() throws Exception {
    Viewer parent = Viewer.signUp(base, outbox(), "parent@example.com");
    String kid = parent.addProfile("Kid", true, "G");
    String inGenre = "/catalog/genres/" + genre + "/titles";

    // Anonymous browse is the public catalog: all three, once the projection has them.
    Eventually.assertThat(
        Duration.ofSeconds(30),
        () -> assertEquals(3, ids(Viewer.send(base, "GET", inGenre, null, null)).size()));

    // As the kids profile: only G, everywhere.
    Eventually.assertThat(
        Duration.ofSeconds(30),
        () ->
            assertEquals(
                List.of(IDS.get("G")), ids(parent.send("GET", inGenre + "?profile=" + kid, null))));
    assertEquals(
        List.of(IDS.get("G")),
        ids(parent.send("GET", "/catalog/decades/2000s/titles?limit=100&profile=" + kid, null)));
    for (JsonNode t : parent.send("GET", "/catalog/newest?limit=100&profile=" + kid, null).json()) {
      assertEquals("G", t.get("maturityRating").asText(), t.toString());
    }
    // Genre counts come from the search index, fed from the journal on its own.
    Eventually.assertThat(
        () -> assertEquals(1, count(parent.send("GET", "/catalog/genres?profile=" + kid, null))));
    Eventually.assertThat(
        () -> assertEquals(3, count(Viewer.send(base, "GET", "/catalog/genres", null, null))));
    assertEquals(
        404,
        parent.send("GET", "/catalog/titles/" + IDS.get("R") + "?profile=" + kid, null).status());
    assertEquals(
        200,
        parent.send("GET", "/catalog/titles/" + IDS.get("G") + "?profile=" + kid, null).status());
    // The main (adult) profile sees all three.
    Eventually.assertThat(
        () -> assertEquals(3, ids(parent.send("GET", inGenre + "?profile=main", null)).size()));

    // Another account cannot browse as this kid's profile, nor anyone without a token.
    Viewer stranger = Viewer.signUp(base, outbox(), "stranger@example.com");
    assertEquals(404, stranger.send("GET", inGenre + "?profile=" + kid, null).status());
    assertEquals(401, Viewer.send(base, "GET", inGenre + "?profile=" + kid, null, null).status());

    // The kid lifts its own limits: refused without proof, the profile unchanged.
    String path = "/accounts/me/profiles/" + kid;
    assertEquals(
        403, parent.send("PATCH", path, "{\"kids\":false,\"maturityLimit\":\"R\"}").status());
    assertEquals(403, parent.send("PATCH", path, "{\"maturityLimit\":\"PG-13\"}").status());
    assertEquals(
        403,
        parent.send("PATCH", path, "{\"maturityLimit\":\"R\",\"password\":\"guess\"}").status());
    assertEquals(List.of(IDS.get("G")), ids(parent.send("GET", inGenre + "?profile=" + kid, null)));
    // The parent, with the account password, may.
    assertEquals(
        204,
        parent
            .send(
                "PATCH",
                path,
                "{\"maturityLimit\":\"PG\",\"password\":\"" + Viewer.PASSWORD + "\"}")
            .status());
    Eventually.assertThat(
        () ->
            assertEquals(
                List.of(IDS.get("G"), IDS.get("PG")).stream().sorted().toList(),
                ids(parent.send("GET", inGenre + "?profile=" + kid, null)).stream()
                    .sorted()
                    .toList()));
  }

  private static List<String> ids(Http.Response page) {
    assertEquals(200, page.status(), page.body());
    List<String> out = new ArrayList<>();
    for (JsonNode t : page.json().get("items")) {
      out.add(t.get("id").asText());
    }
    return out;
  }

  private static long count(Http.Response genres) {
    assertEquals(200, genres.status(), genres.body());
    for (JsonNode g : genres.json()) {
      if (g.get("genre").asText().equals(genre)) {
        return g.get("titles").asLong();
      }
    }
    return 0;
  }

  private static Path outbox() {
    return Path.of("target/mail", keyspace + ".jsonl");
  }
}

package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.KafkaEvents;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against the real Cassandra and Kafka: two nodes in one cluster, one with the write and read
 * roles, one running the projections. A title created and published over the admin API shows up in
 * every browse listing and on the public Kafka topic; changes and unpublishing follow.
 */
class CatalogFlowTest {

  private static String topic;
  private static TestNode front;
  private static TestNode projector;

  @BeforeAll
  static void start() {
    String keyspace = TestInfra.freshKeyspace(CatalogFlowTest.class);
    topic = TestInfra.freshTopic("title-events");
    front = TestNode.start(keyspace, topic, List.of("write", "read"), Optional.empty());
    projector =
        TestNode.start(keyspace, topic, List.of("projection"), Optional.of(front.address()));
  }

  @AfterAll
  static void stop() {
    if (projector != null) {
      projector.close();
    }
    if (front != null) {
      front.close();
    }
  }

  @Test
  void createPublishBrowseUpdateUnpublish() throws Exception {
    String genre = "Flow-" + UUID.randomUUID().toString().substring(0, 8);
    Http.Response created =
        Http.post(
            front.baseUrl() + "/admin/titles",
            "{\"title\":\"The Flow Test\",\"year\":1994,\"synopsis\":\"A test.\","
                + "\"cast\":[\"Stellan Skarsgård\"],\"genres\":[\""
                + genre
                + "\",\"Drama\"],\"maturityRating\":\"PG-13\"}");
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();
    assertEquals("draft", created.json().get("status").asText());

    // A draft is not browsable.
    Http.Response published = Http.post(front.baseUrl() + "/admin/titles/" + id + "/publish", "");
    assertEquals(200, published.status(), published.body());
    assertEquals("published", published.json().get("status").asText());

    Eventually.assertThat(
        () -> {
          Http.Response r = Http.get(front.baseUrl() + "/catalog/titles/" + id);
          assertEquals(200, r.status(), r.body());
          assertEquals("The Flow Test", r.json().get("title").asText());
          assertEquals("PG-13", r.json().get("maturityRating").asText());
          assertEquals("Stellan Skarsgård", r.json().get("cast").get(0).asText());
        });
    assertEquals(
        List.of(id), ids(Http.get(front.baseUrl() + "/catalog/genres/" + genre + "/titles")));
    assertTrue(
        ids(Http.get(front.baseUrl() + "/catalog/decades/1990s/titles?limit=100")).contains(id));
    assertTrue(ids(Http.get(front.baseUrl() + "/catalog/newest?limit=5").json()).contains(id));
    // Genre counts come from the read node's search index, fed from the journal on its own: a
    // moment after the Cassandra read model.
    Eventually.assertThat(
        () -> {
          JsonNode genres = Http.get(front.baseUrl() + "/catalog/genres").json();
          boolean listed = false;
          for (JsonNode g : genres) {
            if (g.get("genre").asText().equals(genre)) {
              assertEquals(1, g.get("titles").asLong());
              listed = true;
            }
          }
          assertTrue(listed, "genre list has " + genre + ": " + genres);
        });

    // Update: moves the title out of its old genre.
    Http.Response updated =
        Http.put(
            front.baseUrl() + "/admin/titles/" + id,
            "{\"title\":\"The Flow Test (Director's Cut)\",\"year\":1994,\"genres\":[\"Drama\"]}");
    assertEquals(200, updated.status(), updated.body());
    Eventually.assertThat(
        () -> {
          assertEquals(
              List.of(), ids(Http.get(front.baseUrl() + "/catalog/genres/" + genre + "/titles")));
          assertEquals(
              "The Flow Test (Director's Cut)",
              Http.get(front.baseUrl() + "/catalog/titles/" + id).json().get("title").asText());
        });

    // Unpublish: gone from the catalog, still known to operators.
    assertEquals(
        200, Http.post(front.baseUrl() + "/admin/titles/" + id + "/unpublish", "").status());
    Eventually.assertThat(
        () -> assertEquals(404, Http.get(front.baseUrl() + "/catalog/titles/" + id).status()));
    assertFalse(
        ids(Http.get(front.baseUrl() + "/catalog/decades/1990/titles?limit=100")).contains(id));
    assertEquals(
        "draft", Http.get(front.baseUrl() + "/admin/titles/" + id).json().get("status").asText());

    // The public topic carries every event, keyed by title id, in order.
    List<JsonNode> events = consume(id, 4);
    assertEquals(
        List.of("created", "published", "updated", "unpublished"),
        events.stream().map(e -> e.get("type").asText()).toList());
    assertEquals("reel.title-event/v1", events.get(0).get("schema").asText());
    assertEquals(id + ":1", events.get(0).get("eventId").asText());
    assertEquals("The Flow Test", events.get(1).get("title").get("name").asText());
  }

  @Test
  void pagingWalksAGenreInTitleOrderWithoutGapsOrRepeats() {
    String genre = "Paging-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String name = "Paged " + (char) ('G' - i);
      Http.Response r =
          Http.post(
              front.baseUrl() + "/admin/titles",
              "{\"title\":\"" + name + "\",\"year\":2001,\"genres\":[\"" + genre + "\"]}");
      String id = r.json().get("id").asText();
      assertEquals(
          200, Http.post(front.baseUrl() + "/admin/titles/" + id + "/publish", "").status());
      expected.add(0, id); // titles were created in reverse alphabetical order
    }
    Eventually.assertThat(
        () -> {
          List<String> seen = new ArrayList<>();
          String url = front.baseUrl() + "/catalog/genres/" + genre + "/titles?limit=3";
          String cursor = null;
          int pages = 0;
          do {
            JsonNode page = Http.get(url + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(t -> seen.add(t.get("id").asText()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
          } while (cursor != null);
          assertEquals(expected, seen);
          assertEquals(3, pages);
        });
  }

  private static List<String> ids(Http.Response response) {
    assertEquals(200, response.status(), response.body());
    JsonNode json = response.json();
    return ids(json.has("items") ? json.get("items") : json);
  }

  private static List<String> ids(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(t -> out.add(t.get("id").asText()));
    return out;
  }

  private static List<JsonNode> consume(String key, int count) throws Exception {
    return KafkaEvents.consume(topic, key, count);
  }
}

package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.search.SearchIndex;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Search on a real node: the index fed from the Cassandra journal by title events, queried over
 * HTTP anonymously and as a kids profile, resumed from its own offsets after a restart, rebuilt
 * when corrupt and on an operator's command.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchTest {

  private static String keyspace;
  private static String topic;
  private static Path searchDir;
  private static TestNode node;
  private static String base;
  private static final Map<String, String> IDS = new HashMap<>();

  @BeforeAll
  static void start() {
    keyspace = TestInfra.freshKeyspace(SearchTest.class);
    topic = TestInfra.freshTopic("search");
    searchDir = Path.of("target/search", keyspace, "kept");
    node = startNode();
    create(
        "leon",
        "Léon: The Professional",
        1994,
        "R",
        "[\"Crime\",\"Drama\"]",
        "[\"Jean Reno\",\"Natalie Portman\"]",
        "A hitman takes in a girl whose family was murdered by a corrupt police officer.");
    create(
        "interstellar",
        "Interstellar",
        2014,
        "PG-13",
        "[\"Science Fiction\",\"Drama\"]",
        "[\"Matthew McConaughey\",\"Anne Hathaway\"]",
        "Astronauts travel through a wormhole near Saturn to find a new home for humanity.");
    create(
        "spiderman",
        "Spider-Man",
        2002,
        "PG-13",
        "[\"Superhero\"]",
        "[\"Tobey Maguire\",\"Kirsten Dunst\"]",
        "A student bitten by a genetically altered spider gains spider-like powers.");
    create(
        "lion",
        "The Lion King",
        1994,
        "G",
        "[\"Animation\",\"Drama\"]",
        "[\"Matthew Broderick\",\"James Earl Jones\"]",
        "A young lion prince flees his kingdom after his father's murder.");
    // A draft: never in the index.
    Http.Response draft =
        Http.post(
            base + "/admin/titles",
            "{\"title\":\"Interstellar Secret Draft\",\"year\":2020,\"maturityRating\":\"G\"}");
    assertEquals(201, draft.status(), draft.body());
    IDS.put("draft", draft.json().get("id").asText());
  }

  private static TestNode startNode() {
    TestNode n =
        TestNode.start(
            keyspace,
            topic,
            List.of("write", "read", "projection"),
            Optional.empty(),
            Map.of("reel.search.dir", searchDir.toString()));
    base = n.baseUrl();
    return n;
  }

  private static void create(
      String key, String title, int year, String rating, String genres, String cast, String plot) {
    Http.Response created =
        Http.post(
            base + "/admin/titles",
            String.format(
                "{\"title\":\"%s\",\"year\":%d,\"maturityRating\":\"%s\",\"genres\":%s,"
                    + "\"cast\":%s,\"synopsis\":\"%s\"}",
                title, year, rating, genres, cast, plot));
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();
    assertEquals(200, Http.post(base + "/admin/titles/" + id + "/publish", "").status());
    IDS.put(key, id);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static JsonNode get(String pathAndQuery) {
    Http.Response r = Http.get(base + pathAndQuery);
    assertEquals(200, r.status(), pathAndQuery + " -> " + r.body());
    return r.json();
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static List<String> found(String query) {
    return ids(get("/search?q=" + q(query)).get("results"));
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(t -> out.add(t.get("id").asText()));
    return out;
  }

  @Test
  @Order(1)
  void searchForgivesTyposAccentsHyphensAndFindsActors() {
    // Titles reach the index tag by tag (eight tags, read separately): wait for the ones below.
    Eventually.assertThat(
        Duration.ofSeconds(60),
        () -> {
          assertEquals(List.of(IDS.get("interstellar")), found("interstelar").subList(0, 1));
          assertEquals(List.of(IDS.get("leon")), found("leon").subList(0, 1));
          assertEquals(List.of(IDS.get("spiderman")), found("spiderman").subList(0, 1));
          assertEquals(List.of(IDS.get("lion")), found("the lion king").subList(0, 1));
        });
    assertEquals(IDS.get("leon"), found("leon").get(0));
    assertEquals(IDS.get("leon"), found("LÉON professional").get(0));
    for (String typed : List.of("spider man", "spider-man", "spiderman")) {
      assertEquals(IDS.get("spiderman"), found(typed).get(0), typed);
    }
    assertEquals(IDS.get("interstellar"), found("mcconaughey").get(0));
    assertEquals(IDS.get("interstellar"), found("astronaut wormholes saturn").get(0));
    assertFalse(found("interstellar").contains(IDS.get("draft")), "drafts are not searchable");

    JsonNode answer = get("/search?q=" + q("hitman"));
    JsonNode first = answer.get("results").get(0);
    assertEquals(IDS.get("leon"), first.get("id").asText());
    assertTrue(
        first.get("highlights").get("synopsis").asText().contains("<b>hitman</b>"),
        first.toString());
    assertEquals(List.of("Jean Reno", "Natalie Portman"), strings(first.get("cast")));
  }

  @Test
  @Order(2)
  void facetsFiltersAndCursors() {
    Eventually.assertThat(
        Duration.ofSeconds(60),
        () -> assertEquals(2, get("/search?q=" + q("murder lion hitman")).get("total").asInt()));
    JsonNode drama = get("/search?q=drama&limit=1");
    assertNotNull(drama.get("facets").get("genre"));
    JsonNode all = get("/search?q=" + q("murder lion hitman") + "&limit=1");
    JsonNode genres = all.get("facets").get("genre");
    assertTrue(genres.toString().contains("\"Crime\""), genres.toString());
    // Filters combine: Drama from the 1990s rated G is the Lion King only.
    JsonNode filtered =
        get("/search?q=" + q("murder lion hitman") + "&genre=Drama&decade=1990s&rating=G");
    assertEquals(List.of(IDS.get("lion")), ids(filtered.get("results")));
    // A cursor pages on without repeating.
    JsonNode page1 = get("/search?q=" + q("murder lion hitman") + "&limit=1");
    JsonNode page2 =
        get(
            "/search?q="
                + q("murder lion hitman")
                + "&limit=1&cursor="
                + page1.get("next").asText());
    assertFalse(ids(page1.get("results")).equals(ids(page2.get("results"))));
  }

  @Test
  @Order(3)
  void suggestionsFromTheFirstLetters() {
    Eventually.assertThat(
        Duration.ofSeconds(60),
        () ->
            assertEquals(
                IDS.get("interstellar"),
                get("/search/suggest?q=inte").get("titles").get(0).get("id").asText()));
    // A typo after the first three letters.
    assertEquals(
        IDS.get("interstellar"),
        get("/search/suggest?q=intersr").get("titles").get(0).get("id").asText());
    JsonNode people = get("/search/suggest?q=matth").get("people");
    assertEquals(2, people.size(), people.toString());
  }

  @Test
  @Order(4)
  void aKidsProfileNeverSeesTitlesAboveItsLimit() throws Exception {
    Viewer parent =
        Viewer.signUp(base, Path.of("target/mail", keyspace + ".jsonl"), "parent@example.com");
    String kid = parent.addProfile("Kid", true, "G");
    Eventually.assertThat(
        () ->
            assertEquals(200, parent.send("GET", "/search?q=lion&profile=" + kid, null).status()));
    JsonNode kids =
        parent.send("GET", "/search?q=" + q("murder lion hitman") + "&profile=" + kid, null).json();
    assertEquals(List.of(IDS.get("lion")), ids(kids.get("results")));
    assertFalse(kids.get("facets").toString().contains("Crime"), kids.get("facets").toString());
    // "leon" finds the Lion King (one typo away), never Léon.
    assertFalse(
        ids(parent.send("GET", "/search?q=leon&profile=" + kid, null).json().get("results"))
            .contains(IDS.get("leon")));
    JsonNode suggest = parent.send("GET", "/search/suggest?q=le&profile=" + kid, null).json();
    assertFalse(suggest.toString().contains(IDS.get("leon")), suggest.toString());
    assertFalse(
        parent
            .send("GET", "/search/suggest?q=natal&profile=" + kid, null)
            .body()
            .contains("Portman"));
    JsonNode home = parent.send("GET", "/home?profile=" + kid, null).json();
    for (JsonNode row : home.get("rows")) {
      for (JsonNode t : row.get("titles")) {
        assertEquals("G", t.get("maturityRating").asText(), row.toString());
      }
    }
    // Another account's profile, or no token, gets nothing.
    assertEquals(401, Http.get(base + "/search?q=lion&profile=" + kid).status());
    assertEquals(401, Http.get(base + "/home?profile=" + kid).status());
  }

  @Test
  @Order(5)
  void homeRowsForAnonymousAndForAProfile() throws Exception {
    JsonNode home = get("/home?limit=10");
    List<String> rows = new ArrayList<>();
    home.get("rows").forEach(r -> rows.add(r.get("id").asText()));
    assertTrue(rows.containsAll(List.of("trending", "new", "genre:Drama")), rows.toString());
    assertFalse(rows.contains("continue-watching"), "no personal rows without a profile");
    JsonNode newRow = row(home, "new");
    assertEquals(4, newRow.get("titles").size());
    Viewer viewer =
        Viewer.signUp(base, Path.of("target/mail", keyspace + ".jsonl"), "home@example.com");
    Eventually.assertThat(
        () -> assertEquals(200, viewer.send("GET", "/home?profile=main", null).status()));
    JsonNode mine = viewer.send("GET", "/home?profile=main", null).json();
    // A new profile: its own rows are there and empty; top picks are there (popular titles).
    assertEquals(0, row(mine, "continue-watching").get("titles").size());
    assertEquals(0, row(mine, "my-list").get("titles").size());
    row(mine, "top-picks");
  }

  private static JsonNode row(JsonNode home, String id) {
    for (JsonNode r : home.get("rows")) {
      if (r.get("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no row " + id + " in " + home);
  }

  @Test
  @Order(6)
  void badQueriesAre400() {
    for (String bad :
        List.of(
            "/search",
            "/search?q=",
            "/search?q=" + "x".repeat(201),
            "/search?q=a&cursor=nonsense",
            "/search?q=a&rating=XXX",
            "/search?q=a&decade=1995",
            "/search?q=a&limit=0",
            "/search?q=a&limit=51",
            "/search/suggest",
            "/search/suggest?q=a&limit=100")) {
      Http.Response r = Http.get(base + bad);
      assertEquals(400, r.status(), bad + " -> " + r.body());
      assertFalse(r.body().contains("Exception"), r.body());
    }
  }

  @Test
  @Order(7)
  void updatesAndUnpublishingReachTheIndex() {
    String id = IDS.get("spiderman");
    assertEquals(
        200,
        Http.put(
                base + "/admin/titles/" + id,
                "{\"title\":\"Spider-Man Returns\",\"year\":2002,\"maturityRating\":\"PG-13\"}")
            .status());
    Eventually.assertThat(Duration.ofSeconds(60), () -> assertEquals(id, found("returns").get(0)));
    assertEquals(200, Http.post(base + "/admin/titles/" + id + "/unpublish", "").status());
    Eventually.assertThat(
        Duration.ofSeconds(60), () -> assertFalse(found("spiderman").contains(id)));
  }

  @Test
  @Order(8)
  void onlyOperatorsSeeOrRebuildTheIndex() throws Exception {
    assertEquals(
        401,
        Http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/admin/search"))
                    .GET())
            .status());
    Viewer viewer =
        Viewer.signUp(base, Path.of("target/mail", keyspace + ".jsonl"), "nosy@example.com");
    assertEquals(403, viewer.send("GET", "/admin/search", null).status());
    assertEquals(403, viewer.send("POST", "/admin/search/rebuild", "").status());

    int before = Http.get(base + "/admin/search").json().get("generation").asInt();
    // The rebuild streams its progress until the new index takes over.
    Http.Response rebuild = Http.post(base + "/admin/search/rebuild", "");
    assertEquals(202, rebuild.status(), rebuild.body());
    String[] lines = rebuild.body().strip().split("\n");
    assertTrue(lines.length >= 1);
    JsonNode status = Http.get(base + "/admin/search").json();
    Eventually.assertThat(
        Duration.ofSeconds(60),
        () ->
            assertEquals(
                before + 1, Http.get(base + "/admin/search").json().get("generation").asInt()));
    assertNotNull(status);
    assertEquals(IDS.get("interstellar"), found("interstelar").get(0));
  }

  @Test
  @Order(9)
  void aRestartedNodeResumesFromItsIndexAndACorruptIndexIsRebuilt() throws Exception {
    long titles = node.node().search().orElseThrow().status().titles();
    node.close();
    node = startNode();
    SearchIndex index = node.node().search().orElseThrow();
    assertEquals(titles, index.status().titles()); // before any event is read again
    Thread.sleep(2000);
    assertEquals(0, index.status().eventsSinceStart(), "resumed after what it held");
    assertEquals(IDS.get("interstellar"), found("interstelar").get(0));

    node.close();
    Path generation = searchDir.resolve("gen-" + index.status().generation());
    try (Stream<Path> files = Files.list(generation)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("segments")).toList()) {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
          raf.seek(raf.length() / 2);
          raf.write(new byte[] {9, 9, 9, 9});
        }
      }
    }
    node = startNode();
    SearchIndex rebuilt = node.node().search().orElseThrow();
    assertNotNull(rebuilt.status().recovered());
    Eventually.assertThat(
        Duration.ofSeconds(60),
        () -> assertEquals(IDS.get("interstellar"), found("interstelar").get(0)));
    Eventually.assertThat(() -> assertEquals(titles, rebuilt.status().titles()));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}

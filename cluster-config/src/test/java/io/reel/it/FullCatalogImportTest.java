package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The whole shipped catalog (36,273 lines) through the HTTP import into the journal and the read
 * model; counts checked against an independent reading of the file. Then the same import again:
 * nothing new.
 */
class FullCatalogImportTest {

  static final Path CATALOG = TestInfra.repoRoot().resolve("data/wikipedia-movies/movies.jsonl.gz");

  @Test
  void importsEveryTitleOnceAndReimportChangesNothing() throws Exception {
    // Expected figures, computed here without Reel's code.
    long lines = 0;
    Set<String> keys = new HashSet<>();
    Map<String, Set<String>> genreTitles = new HashMap<>();
    Map<Integer, Integer> decadeCounts = new HashMap<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(CATALOG)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines++;
        JsonNode j = Http.JSON.readTree(line);
        String key =
            j.get("title").asText().strip()
                + "|"
                + j.get("year").asInt()
                + "|"
                + (j.hasNonNull("href") ? j.get("href").asText() : "");
        if (keys.add(key)) {
          decadeCounts.merge(j.get("year").asInt() / 10 * 10, 1, Integer::sum);
          for (JsonNode g : j.get("genres")) {
            genreTitles.computeIfAbsent(g.asText().strip(), k -> new HashSet<>()).add(key);
          }
        }
      }
    }
    assertEquals(36_273, lines);

    String keyspace = TestInfra.freshKeyspace(FullCatalogImportTest.class);
    try (TestNode node = TestNode.start(keyspace, TestInfra.freshTopic("full-import"))) {
      JsonNode first = runImport(node);
      assertEquals(lines, first.get("lines").asLong());
      assertEquals(keys.size(), first.get("created").asLong());
      assertEquals(lines - keys.size(), first.get("duplicates").asLong());
      assertEquals(0, first.get("invalid").asLong());

      Eventually.assertThat(
          Duration.ofMinutes(5),
          () -> assertEquals(keys.size(), TestInfra.publishedTitles(keyspace)));
      Eventually.assertThat(
          () -> {
            JsonNode genres = Http.get(node.baseUrl() + "/catalog/genres").json();
            assertEquals(genreTitles.size(), genres.size());
            for (JsonNode g : genres) {
              assertEquals(
                  genreTitles.get(g.get("genre").asText()).size(),
                  g.get("titles").asLong(),
                  g.toString());
            }
          });
      for (int decade : List.of(1900, 1950, 2020)) {
        int count = 0;
        String cursor = null;
        do {
          JsonNode page =
              Http.get(
                      node.baseUrl()
                          + "/catalog/decades/"
                          + decade
                          + "/titles?limit=100"
                          + (cursor == null ? "" : "&cursor=" + cursor))
                  .json();
          count += page.get("items").size();
          cursor = page.get("next").isNull() ? null : page.get("next").asText();
        } while (cursor != null);
        assertEquals(decadeCounts.get(decade), count, "titles of the " + decade + "s");
      }

      JsonNode again = runImport(node);
      assertEquals(0, again.get("created").asLong());
      assertEquals(0, again.get("updated").asLong());
      assertEquals(keys.size(), again.get("unchanged").asLong());
      long journalIds =
          TestInfra.session()
              .execute("SELECT COUNT(*) FROM " + keyspace + ".import_keys WHERE source = 'wiki'")
              .one()
              .getLong(0);
      assertEquals(keys.size(), journalIds);
    }
  }

  private static JsonNode runImport(TestNode node) throws Exception {
    byte[] body;
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(CATALOG))) {
      body = in.readAllBytes();
    }
    Http.Response r =
        Http.send(
            Http.asOperator(
                node.baseUrl() + "/admin/imports",
                HttpRequest.newBuilder(URI.create(node.baseUrl() + "/admin/imports?source=wiki"))
                    .timeout(Duration.ofMinutes(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    assertEquals(200, r.status());
    String[] reports = r.body().split("\n");
    assertTrue(reports.length > 30, "progress is reported while the import runs");
    JsonNode done = Http.JSON.readTree(reports[reports.length - 1]);
    assertEquals("progress", done.get("type").asText(), done.toString());
    assertTrue(done.get("done").asBoolean());
    return done;
  }
}

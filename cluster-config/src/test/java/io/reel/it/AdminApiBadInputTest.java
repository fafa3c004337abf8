package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken requests get a 4xx with an application/problem+json body, and nothing is
 * stored: the journal of this test's keyspace stays exactly as the valid requests left it.
 */
class AdminApiBadInputTest {

  private static String keyspace;
  private static TestNode node;
  private static String base;

  @BeforeAll
  static void start() {
    keyspace = TestInfra.freshKeyspace(AdminApiBadInputTest.class);
    node = TestNode.start(keyspace, TestInfra.freshTopic("bad-input"));
    base = node.baseUrl();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static void assertProblem(int status, Http.Response r) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    JsonNode body = r.json();
    assertEquals(status, body.get("status").asInt());
    assertFalse(body.get("detail").asText().isBlank());
    assertFalse(r.body().contains("at io.reel"), "no stack trace: " + r.body());
    assertFalse(r.body().contains("Exception"), "no exception names: " + r.body());
  }

  private static long journalRows() {
    return TestInfra.session()
        .execute("SELECT COUNT(*) FROM " + keyspace + ".messages")
        .one()
        .getLong(0);
  }

  @Test
  void badRequestsAreRefusedAndStoreNothing() {
    Http.Response good =
        Http.post(
            base + "/admin/titles", "{\"title\":\"Kept\",\"year\":1950,\"genres\":[\"Noir\"]}");
    assertEquals(201, good.status(), good.body());
    String id = good.json().get("id").asText();
    long before = journalRows();

    // Malformed JSON, wrong types, wrong content type.
    assertProblem(400, Http.post(base + "/admin/titles", "{\"title\": \"Broken"));
    assertProblem(
        400, Http.post(base + "/admin/titles", "{\"title\":\"X\",\"year\":\"nineteen\"}"));
    assertProblem(400, Http.post(base + "/admin/titles", "[1,2,3]"));
    assertProblem(
        415,
        Http.send(
            Http.asOperator(
                base + "/admin/titles",
                HttpRequest.newBuilder(URI.create(base + "/admin/titles"))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("title=X")))));

    // Missing and oversized fields: every violation is listed.
    Http.Response missing = Http.post(base + "/admin/titles", "{\"synopsis\":\"no title\"}");
    assertProblem(422, missing);
    Http.Response oversized =
        Http.post(
            base + "/admin/titles",
            "{\"title\":\"" + "x".repeat(501) + "\",\"year\":1950,\"maturityRating\":\"XXX\"}");
    assertProblem(422, oversized);
    assertTrue(oversized.json().get("errors").toString().contains("maturityRating"));
    List<String> manyGenres = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      manyGenres.add("\"g" + i + "\"");
    }
    assertProblem(
        422,
        Http.post(
            base + "/admin/titles",
            "{\"title\":\"X\",\"year\":1950,\"genres\":[" + String.join(",", manyGenres) + "]}"));

    // A body over the JSON limit (64 KiB) is refused before it is parsed.
    assertProblem(
        413,
        Http.post(
            base + "/admin/titles",
            "{\"title\":\"X\",\"year\":1950,\"synopsis\":\"" + "y".repeat(200_000) + "\"}"));

    // Unknown and hostile ids.
    assertProblem(404, Http.get(base + "/admin/titles/123456789"));
    assertProblem(404, Http.post(base + "/admin/titles/123456789/publish", ""));
    assertProblem(404, Http.get(base + "/admin/titles/..%2F..%2Fetc%2Fpasswd"));
    assertProblem(404, Http.get(base + "/admin/titles/-5"));
    assertProblem(404, Http.get(base + "/catalog/titles/99999999999999999999"));
    assertProblem(404, Http.get(base + "/no/such/route"));
    assertProblem(
        405,
        Http.send(
            Http.asOperator(
                base + "/admin/titles",
                HttpRequest.newBuilder(URI.create(base + "/admin/titles")).DELETE())));

    // An invalid update of an existing title leaves it as it was.
    assertProblem(422, Http.put(base + "/admin/titles/" + id, "{\"title\":\"\",\"year\":1950}"));
    assertProblem(400, Http.put(base + "/admin/titles/" + id, "not json"));

    // Browse parameters.
    assertProblem(400, Http.get(base + "/catalog/genres/Noir/titles?limit=0"));
    assertProblem(400, Http.get(base + "/catalog/genres/Noir/titles?limit=abc"));
    assertProblem(400, Http.get(base + "/catalog/genres/Noir/titles?cursor=%25%25%25"));
    assertProblem(400, Http.get(base + "/catalog/genres/Noir/titles?cursor=bm90LWEtY3Vyc29y"));
    assertProblem(400, Http.get(base + "/catalog/decades/1995/titles"));

    assertEquals(before, journalRows(), "bad requests persisted events");
    Http.Response kept = Http.get(base + "/admin/titles/" + id);
    assertEquals(200, kept.status());
    assertEquals("Kept", kept.json().get("title").asText());
    assertEquals("draft", kept.json().get("status").asText());
  }

  @Test
  void importReportsBadLinesWithTheirNumbersAndKeepsTheRest() throws Exception {
    String body =
        String.join(
            "\n",
            "{\"title\":\"Line One\",\"year\":1931,\"cast\":[],\"genres\":[\"Drama\"],\"href\":\"L1\"}",
            "{this is not json",
            "{\"title\":\"No Year\",\"cast\":[],\"genres\":[]}",
            "",
            "{\"title\":\"Line Five\",\"year\":1932,\"cast\":[\"A\"],\"genres\":[],\"href\":null}",
            "{\"title\":\"Line One\",\"year\":1931,\"cast\":[],\"genres\":[\"Drama\"],\"href\":\"L1\"}",
            "{\"title\":\"Bad cast\",\"year\":1932,\"cast\":\"nobody\",\"genres\":[]}",
            "{\"title\":\"" + "t".repeat(600) + "\",\"year\":1933,\"cast\":[],\"genres\":[]}");
    Http.Response r =
        Http.send(
            Http.asOperator(
                base + "/admin/imports",
                HttpRequest.newBuilder(URI.create(base + "/admin/imports?source=bad-lines"))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body))));
    assertEquals(200, r.status(), r.body());
    List<JsonNode> reports = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      reports.add(Http.JSON.readTree(line).deepCopy());
    }
    List<Long> skipped =
        reports.stream()
            .filter(j -> j.get("type").asText().equals("skipped"))
            .map(j -> j.get("line").asLong())
            .toList();
    assertEquals(List.of(2L, 3L, 6L, 7L, 8L), skipped, r.body());
    assertTrue(
        reports.get(0).get("reason").asText().contains("malformed JSON"), reports.toString());
    JsonNode done = reports.get(reports.size() - 1);
    assertEquals("progress", done.get("type").asText());
    assertTrue(done.get("done").asBoolean());
    assertEquals(7, done.get("lines").asLong());
    assertEquals(2, done.get("created").asLong());
    assertEquals(1, done.get("duplicates").asLong());
    assertEquals(4, done.get("invalid").asLong());

    assertProblem(
        400,
        Http.send(
            Http.asOperator(
                base + "/admin/imports",
                HttpRequest.newBuilder(URI.create(base + "/admin/imports?source=../../etc"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)))));
  }
}

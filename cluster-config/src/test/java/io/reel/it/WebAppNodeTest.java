package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The viewer web app on a real node (write, projection, read and edge roles, real Cassandra and
 * Kafka): served at / behind the gateway, after every API route, so GET /home and the rest of the
 * API answer as before; the e-mail's verification link opens the app; the shell's policy names the
 * node's edge.
 */
class WebAppNodeTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static TestNode node;
  private static String base;
  private static String keyspace;

  @BeforeAll
  static void start() {
    keyspace = TestInfra.freshKeyspace(WebAppNodeTest.class);
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("title-events"),
            List.of("write", "projection", "read", "edge"),
            Optional.empty());
    base = node.baseUrl();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theAppIsServedAtTheRootThroughTheGateway() throws Exception {
    HttpResponse<String> r = get("/");
    assertEquals(200, r.statusCode());
    assertEquals("text/html; charset=UTF-8", header(r, "Content-Type"));
    assertTrue(r.body().contains("<script type=\"importmap\">"), r.body());
    assertEquals("nosniff", header(r, "X-Content-Type-Options"));
    assertNotNull(header(r, "X-Request-Id"), "the gateway's request id");
    // connect-src: this API as players reach it, and the node's own edge listener.
    String connect =
        Arrays.stream(header(r, "Content-Security-Policy").split(";"))
            .map(String::strip)
            .filter(d -> d.startsWith("connect-src "))
            .findFirst()
            .orElseThrow();
    List<String> origins = new ArrayList<>(List.of(connect.split(" ")));
    assertTrue(origins.contains(base), connect);
    assertTrue(
        origins.stream().anyMatch(o -> o.startsWith("http://127.0.0.1:") && !o.equals(base)),
        "the edge's origin: " + connect);

    HttpResponse<String> js = get("/app/js/main.js");
    assertEquals(200, js.statusCode());
    assertEquals("text/javascript; charset=UTF-8", header(js, "Content-Type"));
  }

  @Test
  void theApiIsNotShadowed() throws Exception {
    HttpResponse<String> home = get("/home");
    assertEquals(200, home.statusCode(), home.body());
    assertTrue(header(home, "Content-Type").startsWith("application/json"), home.body());
    assertTrue(Http.JSON.readTree(home.body()).get("rows").isArray(), home.body());

    HttpResponse<String> genres = get("/catalog/genres");
    assertEquals(200, genres.statusCode(), genres.body());
    assertTrue(header(genres, "Content-Type").startsWith("application/json"));

    HttpResponse<String> me = get("/accounts/me");
    assertEquals(401, me.statusCode(), me.body());
    assertEquals("application/problem+json", header(me, "Content-Type"));

    for (String unknown : List.of("/nope", "/app/nope.js", "/app/../pom.xml")) {
      HttpResponse<String> r = get(unknown);
      assertEquals(404, r.statusCode(), unknown + " " + r.body());
      assertEquals("application/problem+json", header(r, "Content-Type"), unknown);
    }
  }

  @Test
  void theVerificationMailOpensTheAppAndAProfilesHomeStaysJson() throws Exception {
    String email = "web-" + keyspace.replace('_', '-') + "@example.test";
    Path outbox = Path.of("target", "mail", keyspace + ".jsonl");
    Viewer viewer = Viewer.signUp(base, outbox, email);

    // The link in the mail, at this node: the app's verify page.
    String link = null;
    for (String line : Files.readAllLines(outbox)) {
      JsonNode mail = Http.JSON.readTree(line);
      if (mail.toString().contains(email)) {
        link = mail.get("link").asText();
      }
    }
    assertNotNull(link);
    URI uri = URI.create(link);
    assertEquals("/verify", uri.getPath(), link);
    HttpResponse<String> page = get(uri.getRawPath() + "?" + uri.getRawQuery());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<script type=\"importmap\">"));

    // As a profile (once the projections have the new account's profile).
    Eventually.assertThat(
        () -> {
          Http.Response home = viewer.send("GET", "/home?profile=main&limit=5", null);
          assertEquals(200, home.status(), home.body());
          assertTrue(home.contentType().startsWith("application/json"), home.contentType());
          assertEquals("main", home.json().get("profile").asText());
          assertEquals("continue-watching", home.json().get("rows").get(0).get("id").asText());
        });
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }
}

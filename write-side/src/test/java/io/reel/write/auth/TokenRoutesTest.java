package io.reel.write.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.http.ProblemHandlers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP edge over a real server on a free port, with the production problem handlers. */
class TokenRoutesTest {

  private static ActorTestKit testKit;
  private static AuthFixture f;
  private static ObjectMapper mapper;
  private static ServerBinding binding;
  private static String base;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("TokenRoutesTest");
    f = new AuthFixture();
    mapper =
        JacksonObjectMapperProvider.get(testKit.system())
            .getOrCreate("jackson-json", Optional.empty());
    TokenRoutes routes = new TokenRoutes(f.tokens, f.keys, mapper, f.settings.maxBodyBytes());
    binding =
        Http.get(testKit.system())
            .newServerAt("127.0.0.1", 0)
            .bind(ProblemHandlers.wrap(routes.routes()))
            .toCompletableFuture()
            .join();
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  static void stop() {
    binding.unbind().toCompletableFuture().join();
    testKit.shutdownTestKit();
  }

  @Test
  void jwksIsPublicAndCacheable() throws Exception {
    f.issue("acc-1");
    HttpResponse<String> r = get("/.well-known/jwks.json");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("max-age=300"));
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonNode key = mapper.readTree(r.body()).get("keys").get(0);
    assertEquals("ES256", key.get("alg").asText());
    assertEquals("sig", key.get("use").asText());
    assertFalse(key.has("d"));
  }

  @Test
  void refreshAnswersANewPair() throws Exception {
    Tokens.TokenPair pair = f.issue("acc-1");
    HttpResponse<String> r = post("/auth/token", body(pair.refreshToken()));
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
    JsonNode json = mapper.readTree(r.body());
    assertEquals("Bearer", json.get("tokenType").asText());
    assertNotEquals(pair.refreshToken(), json.get("refreshToken").asText());
    assertEquals(
        "acc-1", f.tokens.verify(json.get("accessToken").asText()).orElseThrow().accountId());
    Instant.parse(json.get("accessExpiresAt").asText());
    Instant.parse(json.get("refreshExpiresAt").asText());
  }

  @Test
  void everyRefusalLooksTheSame() throws Exception {
    Tokens.TokenPair pair = f.issue("acc-1");
    f.tokens.refresh(pair.refreshToken()).toCompletableFuture().join();
    HttpResponse<String> reused = post("/auth/token", body(pair.refreshToken()));
    HttpResponse<String> unknown = post("/auth/token", body(JwtTokens.newRefreshToken()));
    HttpResponse<String> junk = post("/auth/token", body("junk"));
    HttpResponse<String> missing = post("/auth/token", "{}");
    for (HttpResponse<String> r : java.util.List.of(reused, unknown, junk, missing)) {
      assertEquals(401, r.statusCode());
      assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
      assertEquals(reused.body(), r.body());
    }
  }

  @Test
  void signOutIsAlways204AndEndsTheSession() throws Exception {
    Tokens.TokenPair pair = f.issue("acc-1");
    assertEquals(204, post("/auth/signout", body(pair.refreshToken())).statusCode());
    assertEquals(401, post("/auth/token", body(pair.refreshToken())).statusCode());
    assertEquals(204, post("/auth/signout", body(pair.refreshToken())).statusCode());
    assertEquals(204, post("/auth/signout", body("junk")).statusCode());
  }

  @Test
  void largeBodiesAreRefused() throws Exception {
    HttpResponse<String> r = post("/auth/token", body("x".repeat(10_000)));
    assertEquals(413, r.statusCode(), r.body());
  }

  private static String body(String refreshToken) {
    return "{\"refreshToken\":\"" + refreshToken + "\"}";
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}

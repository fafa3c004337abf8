package io.reel.write.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.reel.http.ProblemHandlers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The routes over a real socket (port 0) with java.net.http, on in-memory stores. */
class AccountRoutesTest {

  private static ActorTestKit testKit;
  private static ServerBinding binding;
  private static Path outbox;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    testKit =
        ActorTestKit.create(
            "AccountRoutesTest",
            ConfigFactory.parseString("pekko.http.server.remote-address-attribute = on")
                .withFallback(ConfigFactory.load()));
    outbox = Files.createTempDirectory("mail").resolve("outbox.jsonl");
    // Two free failures: the third wrong sign-in below is throttled.
    AccountUseCases accounts = new AccountFixture(outbox, 2, 5000).useCases();
    ObjectMapper mapper =
        JacksonObjectMapperProvider.get(testKit.system())
            .getOrCreate("jackson-json", Optional.empty());
    var route = new AccountRoutes(accounts, new FakeTokens(), mapper, 16 * 1024).routes();
    binding =
        Http.get(testKit.system())
            .newServerAt("127.0.0.1", 0)
            .bind(ProblemHandlers.wrap(route))
            .toCompletableFuture()
            .get();
  }

  @AfterAll
  static void stop() {
    binding.unbind();
    testKit.shutdownTestKit();
  }

  private static HttpResponse<String> send(String method, String path, String body, String bearer)
      throws Exception {
    var b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> mailLines() throws Exception {
    return Files.readAllLines(outbox);
  }

  @Test
  void theAccountJourneyOverHttp() throws Exception {
    String creds = "{\"email\":\"cat@example.com\",\"password\":\"violet tram 42 umbrella\"}";
    assertEquals(202, send("POST", "/accounts", creds, null).statusCode());
    assertEquals(202, send("POST", "/accounts", creds, null).statusCode(), "taken: same answer");
    var weak =
        send(
            "POST", "/accounts", "{\"email\":\"dog@example.com\",\"password\":\"password\"}", null);
    assertEquals(400, weak.statusCode());
    assertTrue(weak.headers().firstValue("Content-Type").orElse("").contains("problem+json"));

    JsonNode verify = JSON.readTree(mailLines().get(0));
    String link = verify.get("link").asText();
    String token = link.substring(link.indexOf("token=") + 6);
    assertEquals(
        204, send("POST", "/accounts/verify", "{\"token\":\"" + token + "\"}", null).statusCode());
    assertEquals(400, send("POST", "/accounts/verify", "{\"token\":\"1.x\"}", null).statusCode());

    var signIn = send("POST", "/auth/signin", creds, null);
    assertEquals(200, signIn.statusCode(), signIn.body());
    String access = JSON.readTree(signIn.body()).get("accessToken").asText();

    var me = send("GET", "/accounts/me", null, access);
    assertEquals(200, me.statusCode(), me.body());
    assertEquals("cat@example.com", JSON.readTree(me.body()).get("email").asText());
    assertEquals(401, send("GET", "/accounts/me", null, null).statusCode());

    assertEquals(
        201,
        send(
                "POST",
                "/accounts/me/profiles",
                "{\"name\":\"Kit\",\"kids\":true,\"maturityLimit\":\"G\"}",
                access)
            .statusCode());
    var profiles = JSON.readTree(send("GET", "/accounts/me/profiles", null, access).body());
    assertEquals(2, profiles.get("profiles").size());
    String kit = profiles.get("profiles").get(1).get("profileId").asText();
    assertEquals(
        404, send("DELETE", "/accounts/me/profiles/" + kit, null, "access-999").statusCode());
    assertEquals(204, send("DELETE", "/accounts/me/profiles/" + kit, null, access).statusCode());

    assertEquals(
        202,
        send("POST", "/auth/password/reset-request", "{\"email\":\"nobody@example.com\"}", null)
            .statusCode());

    String wrong = "{\"email\":\"cat@example.com\",\"password\":\"not the password\"}";
    assertEquals(401, send("POST", "/auth/signin", wrong, null).statusCode());
    assertEquals(401, send("POST", "/auth/signin", wrong, null).statusCode());
    var throttled = send("POST", "/auth/signin", wrong, null);
    assertEquals(429, throttled.statusCode());
    assertEquals("1", throttled.headers().firstValue("Retry-After").orElse(""));
    // A forged X-Forwarded-For is not a fresh client: the peer is still the one backing off.
    for (String forged : List.of("1.2.3.4", "5.6.7.8, 9.10.11.12", "unknown")) {
      var spoofed =
          CLIENT.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + binding.localAddress().getPort() + "/auth/signin"))
                  .POST(HttpRequest.BodyPublishers.ofString(wrong))
                  .header("Content-Type", "application/json")
                  .header("X-Forwarded-For", forged)
                  .header("Forwarded", "for=" + forged)
                  .header("X-Real-Ip", forged)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(429, spoofed.statusCode(), forged);
    }

    assertEquals(204, send("DELETE", "/accounts/me", null, access).statusCode());
    assertEquals(404, send("GET", "/accounts/me", null, access).statusCode());
  }
}

package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes with the write role in one cluster, behind a (simulated) trusted proxy on 127.0.0.1, so
 * each request names its client in {@code X-Forwarded-For}. The sign-in throttle is one for the
 * cluster: failures on one node count on the other, concurrent guesses spread over both nodes get
 * only the free attempts, and an attack from many addresses never locks the owner out.
 */
class SignInThrottleClusterTest {

  private static final String PASSWORD = "violet tram 42 umbrella";
  private static String keyspace;
  private static TestNode a;
  private static TestNode b;

  @BeforeAll
  static void start() throws Exception {
    keyspace = TestInfra.freshKeyspace(SignInThrottleClusterTest.class);
    String topic = TestInfra.freshTopic("title-events");
    Map<String, Object> behindProxy =
        Map.of(
            "reel.gateway.trusted-proxies", List.of("127.0.0.1/32"),
            "reel.accounts.sign-in-throttle.free-failures", 3,
            // Room for the test's own requests, all from the one real peer.
            "reel.gateway.rate-limit.burst", 1000);
    a = TestNode.start(keyspace, topic, List.of("write"), Optional.empty(), behindProxy);
    b = TestNode.start(keyspace, topic, List.of("write"), Optional.of(a.address()), behindProxy);
    a.awaitMembersUp(2);
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  private static Http.Response signIn(TestNode node, String email, String password, String client) {
    return Http.send(
        HttpRequest.newBuilder(URI.create(node.baseUrl() + "/auth/signin"))
            .header("Content-Type", "application/json")
            .header("X-Forwarded-For", client)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")));
  }

  private static String signedUp(String name) throws Exception {
    String email = name + "-" + keyspace + "@example.com";
    String creds = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
    assertEquals(202, Http.post(a.baseUrl() + "/accounts", creds).status());
    Path outbox = Path.of("target/mail", keyspace + ".jsonl");
    String token =
        Eventually.get(
            () -> {
              for (String line : Files.readAllLines(outbox)) {
                JsonNode mail = Http.JSON.readTree(line);
                if (mail.get("kind").asText().equals("verify-email")
                    && mail.get("to").asText().equals(email)) {
                  String link = mail.get("link").asText();
                  return link.substring(link.indexOf("token=") + 6);
                }
              }
              throw new AssertionError("no verification mail for " + email);
            });
    assertEquals(
        204, Http.post(a.baseUrl() + "/accounts/verify", "{\"token\":\"" + token + "\"}").status());
    return email;
  }

  @Test
  void failuresOnOneNodeCountOnTheOther() throws Exception {
    String email = signedUp("ann");
    for (int i = 0; i < 3; i++) {
      assertEquals(401, signIn(a, email, "wrong " + i, "198.51.100.1").status());
    }
    // Node b has seen none of these failures itself; the shared throttle has.
    Http.Response throttled = signIn(b, email, PASSWORD, "198.51.100.1");
    assertEquals(429, throttled.status(), throttled.body());
    // The forged part of the header (left of the proxy's hop) is not a way round it.
    assertEquals(429, signIn(b, email, PASSWORD, "203.0.113.99, 198.51.100.1").status());
    // The owner from their own address is not affected.
    assertEquals(200, signIn(b, email, PASSWORD, "203.0.113.1").status());
  }

  @Test
  void concurrentGuessesOverBothNodesGetOnlyTheFreeAttempts() throws Exception {
    String email = signedUp("bob");
    List<CompletableFuture<Http.Response>> guesses = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      TestNode node = i % 2 == 0 ? a : b;
      String guess = "guess " + i;
      guesses.add(CompletableFuture.supplyAsync(() -> signIn(node, email, guess, "198.51.100.2")));
    }
    int unauthorized = 0;
    for (var g : guesses) {
      Http.Response r = g.join();
      if (r.status() == 401) {
        unauthorized++;
      } else {
        assertEquals(429, r.status(), r.body());
      }
    }
    assertEquals(3, unauthorized, "free-failures = 3 password checks, whatever the node");
  }

  @Test
  void anAttackFromManyAddressesDoesNotLockTheOwnerOut() throws Exception {
    String email = signedUp("cat");
    int refused = 0;
    for (int bot = 0; bot < 8; bot++) {
      for (int i = 0; i < 4; i++) {
        int status = signIn(bot % 2 == 0 ? a : b, email, "guess " + i, "192.0.2." + bot).status();
        assertTrue(status == 401 || status == 429, "status " + status);
        refused += status == 429 ? 1 : 0;
      }
    }
    assertTrue(refused >= 8, "every attacking address backs off: " + refused);
    assertEquals(200, signIn(a, email, PASSWORD, "203.0.113.2").status());
    assertEquals(200, signIn(b, email, PASSWORD, "203.0.113.3").status());
  }
}

package io.reel.write.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.reel.http.Overloaded;
import io.reel.http.ProblemHandlers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sign-in flood against a tiny Argon2 pool: the overflow answers 503 with Retry-After at once,
 * never 500 and never an unbounded queue, and a refused attempt counts as no attempt.
 */
class HashingPoolTest {

  @TempDir Path dir;

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Test
  void aFullPoolRefusesWithOverloadedInsteadOfQueueing() throws Exception {
    try (HashingPool pool =
        new HashingPool(new HashingPool.Settings(1, 1, Duration.ofSeconds(2)))) {
      CountDownLatch release = new CountDownLatch(1);
      fill(pool, release);
      CompletionException e =
          assertThrows(
              CompletionException.class,
              () -> HashingPool.supply(pool, () -> "never").toCompletableFuture().join());
      Overloaded o = assertInstanceOf(Overloaded.class, e.getCause());
      assertEquals(Duration.ofSeconds(2), o.retryAfter());
      release.countDown();
      // Once the two held tasks have drained, the pool takes work again.
      assertEquals("now", afterDrain(pool));
    }
  }

  private static String afterDrain(HashingPool pool) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      try {
        return HashingPool.supply(pool, () -> "now").toCompletableFuture().join();
      } catch (CompletionException e) {
        assertInstanceOf(Overloaded.class, e.getCause());
        Thread.sleep(10);
      }
    }
    throw new AssertionError("the pool never took work again");
  }

  @Test
  void saturatedHashingAnswers503WithRetryAfterAndCountsNoFailure() throws Exception {
    ActorTestKit testKit =
        ActorTestKit.create(
            "HashingPoolTest",
            ConfigFactory.parseString("pekko.http.server.remote-address-attribute = on")
                .withFallback(ConfigFactory.load()));
    CountDownLatch release = new CountDownLatch(1);
    try (HashingPool pool =
        new HashingPool(new HashingPool.Settings(1, 1, Duration.ofSeconds(1)))) {
      AccountFixture f = new AccountFixture(dir.resolve("outbox.jsonl"), 2, 7000, pool);
      f.signedUpAndVerified("ann@example.com");
      ObjectMapper mapper =
          JacksonObjectMapperProvider.get(testKit.system())
              .getOrCreate("jackson-json", Optional.empty());
      ServerBinding binding =
          Http.get(testKit.system())
              .newServerAt("127.0.0.1", 0)
              .bind(
                  ProblemHandlers.wrap(
                      new AccountRoutes(f.useCases(), f.tokens, mapper, 16 * 1024).routes()))
              .toCompletableFuture()
              .get();
      String base = "http://127.0.0.1:" + binding.localAddress().getPort();

      fill(pool, release);
      String creds =
          "{\"email\":\"ann@example.com\",\"password\":\"" + AccountFixture.PASSWORD + "\"}";
      String fresh = "{\"email\":\"new@example.com\",\"password\":\"violet tram 42 umbrella\"}";
      // More sign-ins than the throttle's free failures: none may count against the owner.
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> busy = post(base + "/auth/signin", creds);
        assertEquals(503, busy.statusCode(), busy.body());
        assertEquals("1", busy.headers().firstValue("Retry-After").orElse(""));
        assertTrue(
            busy.headers().firstValue("Content-Type").orElse("").contains("problem+json"),
            busy.headers().toString());
        assertTrue(busy.body().contains("password hashing is busy"), busy.body());
      }
      HttpResponse<String> signUp = post(base + "/accounts", fresh);
      assertEquals(503, signUp.statusCode(), signUp.body());
      assertEquals("1", signUp.headers().firstValue("Retry-After").orElse(""));

      release.countDown();
      HttpResponse<String> ok = post(base + "/auth/signin", creds);
      assertEquals(200, ok.statusCode(), ok.body());
      assertEquals(202, post(base + "/accounts", fresh).statusCode());
      binding.unbind();
    } finally {
      release.countDown();
      testKit.shutdownTestKit();
    }
  }

  private static HttpResponse<String> post(String url, String json) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Occupies the one thread (once it runs), then the one queue slot. */
  private static void fill(HashingPool pool, CountDownLatch release) throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    pool.execute(
        () -> {
          running.countDown();
          await(release);
        });
    running.await();
    pool.execute(() -> await(release));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

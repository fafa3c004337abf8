package io.reel.bench;

import com.typesafe.config.ConfigFactory;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import io.reel.write.account.AccountSettings;
import io.reel.write.account.PasswordHasher;
import io.reel.write.auth.AuthSettings;
import io.reel.write.auth.InMemoryRefreshTokenStore;
import io.reel.write.auth.InMemorySigningKeyStore;
import io.reel.write.auth.JwtTokens;
import io.reel.write.auth.SigningKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints figures, asserts nothing ({@code ./reel bench auth}): the Argon2id cost and time per hash,
 * access-token validations per second (local, no database), and sign-ins per second through a real
 * node (HTTP, Argon2 verify, Cassandra reads, refresh-token writes).
 */
public final class AuthBenchmark {

  private AuthBenchmark() {}

  public static void main(String[] args) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf("machine: %d cores, Java %s%n", cores, System.getProperty("java.version"));
    var config = ConfigFactory.load();

    // 1. Argon2id cost.
    AccountSettings accounts = AccountSettings.fromConfig(config);
    PasswordHasher hasher = PasswordHasher.fromSettings(accounts);
    String phc = hasher.hash("warm up the JIT first");
    for (int i = 0; i < 3; i++) {
      hasher.verify("warm up the JIT first", phc);
    }
    int hashes = Integer.getInteger("bench.hashes", 30);
    long t = System.nanoTime();
    for (int i = 0; i < hashes; i++) {
      hasher.hash("correct horse battery " + i);
    }
    double perHash = (System.nanoTime() - t) / 1e6 / hashes;
    System.out.printf(
        "argon2id: %s; %.1f ms per hash (%d hashes, one thread)%n",
        "argon2id " + phc.split("\\$")[3], perHash, hashes);

    String keyspace = TestInfra.freshKeyspace(AuthBenchmark.class);
    try (TestNode node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("bench"),
            List.of("write", "read"),
            Optional.empty(),
            Map.of(
                "reel.gateway.rate-limit.per-second",
                100000,
                "reel.gateway.rate-limit.burst",
                100000))) {
      // 2. Access-token validations (no I/O: signature and claims).
      AuthSettings auth = AuthSettings.fromConfig(node.system().settings().config());
      SigningKeys keys = new SigningKeys(new InMemorySigningKeyStore(), auth, Clock.systemUTC());
      keys.reload().toCompletableFuture().get(10, TimeUnit.SECONDS);
      JwtTokens tokens =
          new JwtTokens(auth, keys, new InMemoryRefreshTokenStore(), Clock.systemUTC());
      String access = tokens.issue("42").toCompletableFuture().get().accessToken();
      int validations = Integer.getInteger("bench.validations", 100_000);
      for (int i = 0; i < 5_000; i++) {
        tokens.verify(access);
      }
      for (int threads : new int[] {1, cores}) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger ok = new AtomicInteger();
        t = System.nanoTime();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
          all.add(
              CompletableFuture.runAsync(
                  () -> {
                    for (int i = 0; i < validations / threads; i++) {
                      if (tokens.verify(access).isPresent()) {
                        ok.incrementAndGet();
                      }
                    }
                  },
                  pool));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        double secs = (System.nanoTime() - t) / 1e9;
        pool.shutdown();
        System.out.printf(
            "token validations: %,.0f/s on %d thread(s) (%d valid of %d)%n",
            ok.get() / secs, threads, ok.get(), validations / threads * threads);
      }

      // 3. Sign-ins through the node.
      String base = node.baseUrl();
      int signIns = Integer.getInteger("bench.signins", 300);
      int concurrency = Integer.getInteger("bench.concurrency", 8);
      // One account per worker: the sign-in throttle reserves each check before hashing, so one
      // client signing in to one account 8 times at once is held back (429) like a guesser.
      List<String> creds = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        String email = "bench-" + i + "@example.com";
        Viewer.signUp(base, Path.of("target/mail", keyspace + ".jsonl"), email);
        creds.add("{\"email\":\"" + email + "\",\"password\":\"" + Viewer.PASSWORD + "\"}");
      }
      for (int i = 0; i < 10; i++) {
        Viewer.send(base, "POST", "/auth/signin", creds.get(i % concurrency), null);
      }
      ExecutorService pool = Executors.newFixedThreadPool(concurrency);
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger good = new AtomicInteger();
      Map<Integer, AtomicInteger> refused = new ConcurrentSkipListMap<>();
      t = System.nanoTime();
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < signIns; i++) {
        String body = creds.get(i % concurrency);
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  long s = System.nanoTime();
                  int status = Viewer.send(base, "POST", "/auth/signin", body, null).status();
                  if (status == 200) {
                    good.incrementAndGet();
                  } else {
                    refused.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                  }
                  latencies.add(System.nanoTime() - s);
                },
                pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
      double secs = (System.nanoTime() - t) / 1e9;
      pool.shutdown();
      Percentiles latency = Percentiles.of(latencies);
      System.out.printf(
          "sign-ins: %.1f/s (%d of %d succeeded%s, %d in flight), latency p50 %.0f ms, p99 %.0f ms%n",
          good.get() / secs,
          good.get(),
          signIns,
          refused.isEmpty() ? "" : "; refused by status: " + refused,
          concurrency,
          latency.ms(0.5),
          latency.ms(0.99));
    }
    System.exit(0);
  }
}

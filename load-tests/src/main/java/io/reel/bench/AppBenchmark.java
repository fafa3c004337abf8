package io.reel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reel.testing.BrowserApp;
import io.reel.testing.Http;
import io.reel.testing.MediaChecks;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import io.reel.write.catalog.ImportReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./reel bench app}: the viewer web app in headless Chromium against a node holding the
 * shipped catalog (36k titles) and one packaged title, on loopback. Per round, a new device (no
 * cache, no service worker) opens home cold, reloads it warm, then clicks Play on the title. It
 * prints home's time to cards and to interactive (cards shown and the main thread idle), click to
 * first frame (goal: under 1 s), and the bytes a first visit moves (encoded as sent). The browser,
 * the node, Cassandra and Kafka share the machine's cores.
 */
public final class AppBenchmark {

  public static void main(String[] args) {
    try {
      run();
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void run() throws Exception {
    int rounds = Integer.parseInt(System.getProperty("bench.rounds", "10"));
    System.out.printf(
        "machine: %d cores, Java %s; Cassandra, Kafka, the node and Chromium share them; load"
            + " average %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        LoadAverage.now());
    String keyspace = TestInfra.freshKeyspace(AppBenchmark.class);
    Map<String, Object> extra =
        Map.of(
            "reel.gateway.rate-limit.per-second", 1_000_000,
            "reel.gateway.rate-limit.burst", 1_000_000,
            "reel.edge.cache.dir", "target/media/" + keyspace + "/edge-cache");
    try (TestNode node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("app"),
            List.of("write", "read", "projection", "transcode", "edge"),
            Optional.empty(),
            extra)) {
      String base = node.baseUrl();
      long start = System.nanoTime();
      ImportReport.Progress p = CatalogImport.run(node, CatalogImport.file());
      System.out.printf(
          "catalog: %,d titles in %.1f s; load average %s%n",
          p.created(), (System.nanoTime() - start) / 1e9, LoadAverage.now());
      String titleId =
          MediaChecks.publishedTitle(
              base,
              Path.of("target/media", keyspace, "sources"),
              "{\"title\":\"Bench Reel\",\"year\":2026,\"genres\":[\"Drama\"]}",
              20,
              1280,
              720,
              30);
      String email = "bench@example.com";
      Viewer viewer = Viewer.signUp(base, Path.of("target/mail", keyspace + ".jsonl"), email);
      viewer.subscribe("premium");
      awaitEntitled(viewer, titleId);
      awaitHome(base, titleId);
      System.out.printf(
          "ready: title %s packaged and playable; load average %s%n", titleId, LoadAverage.now());
      LoadAverage.settle();

      ObjectNode spec = BrowserApp.spec("bench-app");
      spec.put("base", base);
      spec.put("email", email);
      spec.put("password", Viewer.PASSWORD);
      spec.put("titleId", titleId);
      spec.put("rounds", rounds);
      JsonNode result = BrowserApp.run("bench-app.mjs", spec, Duration.ofMinutes(10));
      if (!result.get("ok").asBoolean()) {
        throw new IllegalStateException("the scenario failed: " + result);
      }
      JsonNode facts = result.get("facts");
      List<Long> coldCards = new ArrayList<>();
      List<Long> coldInteractive = new ArrayList<>();
      List<Long> warmInteractive = new ArrayList<>();
      List<Long> firstFrame = new ArrayList<>();
      for (JsonNode r : facts.get("rounds")) {
        coldCards.add(r.get("homeColdCardsMs").asLong());
        coldInteractive.add(r.get("homeColdInteractiveMs").asLong());
        warmInteractive.add(r.get("homeWarmInteractiveMs").asLong());
        firstFrame.add(r.get("clickToFirstFrameMs").asLong());
      }
      System.out.printf(
          "%n%d rounds, each on a new device; load average %s%n", rounds, LoadAverage.now());
      print("home, cold: navigation to cards", coldCards);
      print("home, cold: to interactive", coldInteractive);
      print("home, warm (cache, service worker): to interactive", warmInteractive);
      print("click on Play to the first frame", firstFrame);
      JsonNode b = facts.get("bytes");
      System.out.printf(
          "first visit moved: app %,d B and libraries %,d B in %d files (gzip where the browser"
              + " asks), API %,d B in %d requests%n",
          b.get("appBytes").asLong(),
          b.get("vendorBytes").asLong(),
          b.get("appFiles").asInt(),
          b.get("apiBytes").asLong(),
          b.get("apiRequests").asInt());
      long p50 = percentile(firstFrame, 0.5);
      System.out.printf(
          "%n  goal: click to first frame under 1 s on loopback -> %s (median %d ms, max %d ms)%n",
          p50 < 1000 ? "met" : "NOT met", p50, percentile(firstFrame, 1.0));
      System.out.println("  screenshots: " + BrowserApp.SCREENSHOTS.resolve("bench-app"));
    }
  }

  private static void print(String what, List<Long> ms) {
    System.out.printf(
        "  %-52s median %5d ms, p90 %5d ms, max %5d ms%n",
        what, percentile(ms, 0.5), percentile(ms, 0.9), percentile(ms, 1.0));
  }

  private static long percentile(List<Long> values, double q) {
    List<Long> sorted = values.stream().sorted().toList();
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  /** Until the entitlements read model has the subscription: a play is 201 (then stopped). */
  private static void awaitEntitled(Viewer viewer, String titleId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Http.Response r =
          viewer.send(
              "POST",
              "/v1/play",
              "{\"profileId\":\"main\",\"titleId\":\""
                  + titleId
                  + "\",\"deviceId\":\"bench-warmup\",\"deviceName\":\"Warm-up\",\"region\":\"local\"}");
      if (r.status() == 201) {
        viewer.send(
            "POST",
            r.json()
                .get("heartbeatUrl")
                .asText()
                .replaceFirst("^https?://[^/]+", "")
                .replace("/heartbeat", "/stop"),
            "{\"positionSeconds\":0}");
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the bench viewer never became entitled");
  }

  /**
   * Until the index has the title as playable (the home's Ready to play row) and the browse read
   * model has its page: after the catalog's 36k imports its projection can lag for a while.
   */
  private static void awaitHome(String base, String titleId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      Http.Response home = Http.get(base + "/home");
      Http.Response page = Http.get(base + "/catalog/titles/" + titleId);
      if (home.status() == 200
          && home.body().contains("\"id\":\"playable\"")
          && page.status() == 200
          && page.body().contains("\"playable\":true")) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("home or the title's page never showed the playable title");
  }
}

package io.reel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.node.DemoHistory;
import io.reel.recommend.eval.MovieTweetings;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import io.reel.write.catalog.ImportReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * {@code ./reel bench rows}: a profile's home page with its personal rows (continue watching, My
 * List, top picks, because you watched, and the index rows) over HTTP at 1, 16 and 64 clients,
 * beside the anonymous home page (index rows only) in the same run, so the cost of the personal
 * rows shows. The node holds the shipped catalog and the MovieTweetings demo history (as {@code
 * ./reel run} loads it), and the trainer's time on it is printed. Goal: p99 under 20 ms at 16
 * clients.
 */
public final class RowsBenchmark {

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
    double seconds = Double.parseDouble(System.getProperty("bench.seconds", "10"));
    List<Integer> clients = ClosedLoop.clients();
    Path root = Path.of(System.getProperty("reel.repo.root", ".."));
    Path dataset = MovieTweetings.directory(root);
    if (!MovieTweetings.present(dataset)) {
      System.err.println(
          "rows: put MovieTweetings (movies.dat, ratings.dat) in " + dataset + " and run again");
      System.exit(2);
    }
    System.out.printf(
        "machine: %d cores, Java %s; Cassandra, Kafka, the node and this load generator share"
            + " them; load average %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        LoadAverage.now());
    String keyspace = TestInfra.freshKeyspace(RowsBenchmark.class);
    Map<String, Object> extra =
        Map.of(
            "reel.gateway.rate-limit.per-second", 1_000_000,
            "reel.gateway.rate-limit.burst", 1_000_000,
            "reel.recommend.first-after", "1s",
            // Often enough that the model holds the demo history soon after it loads, rarely
            // enough that training does not run through the measurements.
            "reel.recommend.train-every", "90s",
            "reel.read.recommend.poll-every", "1s");
    try (TestNode node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("rows"),
            List.of("write", "read", "projection"),
            Optional.empty(),
            extra)) {
      String base = node.baseUrl();
      long start = System.nanoTime();
      ImportReport.Progress p = CatalogImport.run(node, CatalogImport.file());
      System.out.printf(
          "%ncatalog: %,d titles in %.1f s; load average %s%n",
          p.created(), (System.nanoTime() - start) / 1e9, LoadAverage.now());
      Viewer demo =
          Viewer.signUp(base, Path.of("target/mail", keyspace + ".jsonl"), "demo@example.com");
      String account = subject(demo.accessToken());
      start = System.nanoTime();
      DemoHistory.Report report =
          new DemoHistory(node.system())
              .load(
                  dataset,
                  TestInfra.session(),
                  keyspace,
                  account,
                  Instant.now(),
                  System.out::println)
              .toCompletableFuture()
              .join();
      System.out.printf(
          "demo history: %,d ratings, %,d mapped, %,d unmapped, %,d bad lines, %,d profiles, in"
              + " %.1f s; load average %s%n",
          report.ratings(),
          report.mapped(),
          report.unmapped(),
          report.badLines(),
          report.profiles(),
          (System.nanoTime() - start) / 1e9,
          LoadAverage.now());
      awaitRows(demo);
      LoadAverage.settle();
      com.datastax.oss.driver.api.core.cql.Row trained =
          TestInfra.session()
              .execute(
                  "SELECT interactions, profiles, titles, took_ms FROM "
                      + keyspace
                      + ".rec_current WHERE name = 'top-picks'")
              .one();
      System.out.printf(
          "trainer (on the node, its latest run): %,d interactions of %,d profiles on %,d titles,"
              + " trained in %,d ms (the scan of the read models before it is logged by the node)%n",
          trained.getInt(0), trained.getInt(1), trained.getInt(2), trained.getLong(3));

      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .executor(Executors.newFixedThreadPool(4))
              .build();
      ClosedLoop.Call mine = i -> get(client, base + "/home?profile=main", demo.accessToken());
      ClosedLoop.Call anonymous = i -> get(client, base + "/home", null);
      ClosedLoop.run(16, 5, mine);
      ClosedLoop.run(16, 5, anonymous);
      System.out.printf(
          "%nGET /home, closed loop, %.0f s per run; load average %s%n",
          seconds, LoadAverage.now());
      System.out.printf(
          "  %7s | %-36s | %-36s%n", "", "the demo profile (all rows)", "anonymous (index rows)");
      System.out.printf(
          "  %7s | %8s %8s %8s %9s | %8s %8s %8s %9s%n",
          "clients", "p50 ms", "p99 ms", "max ms", "req/s", "p50 ms", "p99 ms", "max ms", "req/s");
      ClosedLoop.Figures at16 = null;
      for (int c : clients) {
        ClosedLoop.Figures m = ClosedLoop.run(c, seconds, mine);
        ClosedLoop.Figures a = ClosedLoop.run(c, seconds, anonymous);
        if (c == 16) {
          at16 = m;
        }
        System.out.printf(
            "  %7d | %8.2f %8.2f %8.1f %9.0f | %8.2f %8.2f %8.1f %9.0f   errors %d/%d; load"
                + " average %s%n",
            c,
            m.latency().ms(0.5),
            m.latency().ms(0.99),
            m.latency().ms(1.0),
            m.perSecond(),
            a.latency().ms(0.5),
            a.latency().ms(0.99),
            a.latency().ms(1.0),
            a.perSecond(),
            m.errors(),
            a.errors(),
            LoadAverage.now());
      }
      if (at16 != null) {
        double p99 = at16.latency().ms(0.99);
        System.out.printf(
            "%n  goal: a profile's rows p99 under 20 ms at 16 clients -> %s (%.2f ms)%n",
            p99 < 20 ? "met" : "NOT met", p99);
      }
    }
  }

  /** Until the demo profile's home has continue watching and "because you watched". */
  private static void awaitRows(Viewer demo) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      Http.Response r = demo.send("GET", "/home?profile=main", null);
      if (r.status() == 200) {
        boolean watching = false;
        boolean because = false;
        for (JsonNode row : r.json().get("rows")) {
          String id = row.get("id").asText();
          watching |= id.equals("continue-watching") && row.get("titles").size() > 0;
          because |= id.startsWith("because-you-watched");
        }
        if (watching && because) {
          System.out.printf("rows ready: %s%n", summary(r.json()));
          return;
        }
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("the demo profile's rows did not fill within 10 minutes");
  }

  private static String summary(JsonNode home) {
    StringBuilder b = new StringBuilder();
    for (JsonNode row : home.get("rows")) {
      b.append(row.get("title").asText())
          .append(" (")
          .append(row.get("titles").size())
          .append("), ");
    }
    return b.toString();
  }

  private static boolean get(HttpClient client, String url, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }

  /** The account id in an access token (its {@code sub}). */
  private static String subject(String jwt) throws Exception {
    String payload = jwt.split("\\.")[1];
    JsonNode claims =
        Http.JSON.readTree(
            new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    return claims.get("sub").asText();
  }
}

package io.reel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.origin.FileSystemObjectStore;
import io.reel.search.IndexGeneration;
import io.reel.search.SearchIndex;
import io.reel.search.ShippedCatalog;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.write.catalog.ImportReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Prints figures, asserts nothing ({@code ./reel bench search}): the title index (Lucene) over the
 * shipped catalog, side by side with the naive LIKE scan other media servers use ({@link
 * LikeScan}).
 *
 * <ol>
 *   <li>Index build from the event stream, two ways: (a) in this JVM, the catalog's Published
 *       events applied to a fresh index in batches of 2000 as the feed does, {@code bench.builds}
 *       times (the first with a cold JIT); (b) on a real node (roles write and read: no projections
 *       compete for the events), the catalog imported as {@link CatalogBenchmark} does until {@code
 *       GET /admin/search} shows every title, then {@code POST /admin/search/rebuild} {@code
 *       bench.rebuilds} times: the whole journal replayed into a fresh generation, timed until the
 *       status shows it took over with every title.
 *   <li>Latency and throughput with closed-loop clients (each sends its next request as soon as the
 *       last is answered) for search (the relevance set's queries), suggest (their first 2..6
 *       characters), filtered search (the same queries with a genre or a decade) and the genre
 *       list: over HTTP against the node, and the same questions put to the LIKE scan in this JVM
 *       (no HTTP: flattering the scan). Each kind is warmed up first, both ways; then each client
 *       count runs the index and the scan one after the other.
 *   <li>Quality: how many relevance-set queries find their film in the first 10 results of each
 *       (the scan's in catalog order, having no ranking).
 * </ol>
 *
 * <p>Settings: {@code -Dbench.seconds=10 -Dbench.warmup-seconds=5 -Dbench.clients=1,16,64
 * -Dbench.builds=2 -Dbench.rebuilds=2}.
 */
public final class SearchBenchmark {

  /**
   * The relevance set: kind, query, the film it must find (title, year), the rank it must reach.
   */
  private static final String RELEVANCE_SET = "/relevance/queries.tsv";

  private static final int SEARCH_LIMIT = 20;
  private static final int SUGGEST_LIMIT = 8;
  private static final int TOP = 10;

  private final HttpClient client;
  private final String base;
  private final LikeScan scan;
  private final double seconds;
  private final double warmupSeconds;
  private final List<Integer> clients;

  private SearchBenchmark(
      HttpClient client,
      String base,
      LikeScan scan,
      double seconds,
      double warmupSeconds,
      List<Integer> clients) {
    this.client = client;
    this.base = base;
    this.scan = scan;
    this.seconds = seconds;
    this.warmupSeconds = warmupSeconds;
    this.clients = clients;
  }

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
    double warmupSeconds = Double.parseDouble(System.getProperty("bench.warmup-seconds", "5"));
    List<Integer> clients = ClosedLoop.clients();
    int builds = Integer.getInteger("bench.builds", 2);
    int rebuilds = Integer.getInteger("bench.rebuilds", 2);
    System.out.printf(
        "machine: %d cores, Java %s; Cassandra, Kafka, the node and this load generator share"
            + " them; load average %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        LoadAverage.now());

    List<ShippedCatalog.Entry> catalog = ShippedCatalog.entries();
    buildInProcess(ShippedCatalog.published(), builds);

    String keyspace = TestInfra.freshKeyspace(SearchBenchmark.class);
    // Every client comes from 127.0.0.1: the per-client limit would throttle them all.
    Map<String, Object> extra =
        Map.of(
            "reel.gateway.rate-limit.per-second", 1_000_000,
            "reel.gateway.rate-limit.burst", 1_000_000);
    try (TestNode node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("bench"),
            List.of("write", "read"),
            Optional.empty(),
            extra)) {
      String base = node.baseUrl();
      long titles = importAndIndex(node, base);
      for (int i = 1; i <= rebuilds; i++) {
        rebuild(base, i, titles);
      }

      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .executor(Executors.newFixedThreadPool(4))
              .build();
      LikeScan scan = new LikeScan(catalog.stream().map(ShippedCatalog.Entry::metadata).toList());
      SearchBenchmark bench =
          new SearchBenchmark(client, base, scan, seconds, warmupSeconds, clients);
      List<Case> cases = relevanceSet();
      bench.latencies(cases, titles);
      bench.quality(cases);
    }
  }

  // ---- (1) index build -----------------------------------------------------------------------

  /** (1a) The Published events applied to a fresh index in this JVM, {@code builds} times. */
  private static void buildInProcess(List<IndexGeneration.Envelope> events, int builds)
      throws IOException {
    System.out.printf(
        "%n(1a) index build in this JVM: %,d Published events (the shipped catalog, %s) applied"
            + " to a fresh index in batches of %d, as the feed does; load average %s%n",
        events.size(), ShippedCatalog.FILE.getFileName(), ShippedCatalog.BATCH, LoadAverage.now());
    double best = Double.MAX_VALUE;
    for (int round = 1; round <= builds; round++) {
      Path dir = Files.createTempDirectory("reel-search-bench");
      try (SearchIndex index = SearchIndex.open(dir, Clock.systemUTC())) {
        long t = System.nanoTime();
        ShippedCatalog.apply(index, events, ShippedCatalog.BATCH);
        double took = secs(t);
        best = Math.min(best, took);
        int titles = index.status().titles();
        System.out.printf(
            "  build %d: %,d titles in %.1f s (%,.0f titles/s)%s; load average %s%n",
            round, titles, took, titles / took, round == 1 ? ", JIT cold" : "", LoadAverage.now());
      } finally {
        FileSystemObjectStore.deleteTree(dir);
      }
    }
    System.out.printf(
        "  goal: whole-catalog index under 30 s -> %s (best %.1f s)%n",
        best < 30 ? "met" : "NOT met", best);
  }

  /**
   * (1b) The catalog imported into the node; returns the titles the index holds once it holds them
   * all.
   */
  private static long importAndIndex(TestNode node, String base) throws Exception {
    System.out.printf(
        "%n(1b) on a node (roles write and read, search batch-window %s): the catalog imported,"
            + " then the index rebuilt from the journal; load average %s%n",
        node.system().settings().config().getString("reel.search.batch-window"), LoadAverage.now());
    long start = System.nanoTime();
    ImportReport.Progress p = CatalogImport.run(node, CatalogImport.file());
    double commands = secs(start);
    JsonNode status =
        awaitStatus(base, Duration.ofMinutes(30), s -> s.get("titles").asLong() >= p.created());
    double indexed = secs(start);
    System.out.printf(
        "  import: %,d lines, %,d titles created (%,d duplicates folded); every command"
            + " acknowledged after %.1f s%n",
        p.lines(), p.created(), p.duplicates(), commands);
    System.out.printf(
        "  index: GET /admin/search shows every title after %.1f s (%,.0f titles/s end to end,"
            + " %.1f s after the last command), %,d events; load average %s%n",
        indexed,
        p.created() / indexed,
        indexed - commands,
        status.get("events").asLong(),
        LoadAverage.now());
    return status.get("titles").asLong();
  }

  /**
   * {@code POST /admin/search/rebuild}, timed until {@code GET /admin/search} shows the next
   * generation in charge with every title. The POST streams progress until then.
   */
  private static void rebuild(String base, int round, long titles) throws Exception {
    int before = Http.get(base + "/admin/search").json().get("generation").asInt();
    long t = System.nanoTime();
    CompletableFuture<Http.Response> streamed =
        CompletableFuture.supplyAsync(() -> Http.post(base + "/admin/search/rebuild", ""));
    JsonNode status =
        awaitStatus(
            base,
            Duration.ofMinutes(30),
            s -> s.get("generation").asInt() > before && s.get("titles").asLong() >= titles);
    double took = secs(t);
    Http.Response progress = streamed.get(5, TimeUnit.MINUTES);
    if (progress.status() != 202) {
      throw new IllegalStateException("rebuild: " + progress.status() + " " + progress.body());
    }
    long events = status.get("events").asLong();
    System.out.printf(
        "  rebuild %d: generation %d -> %d with %,d titles, %,d events replayed from the journal"
            + " in %.1f s (%,.0f events/s; %d progress lines streamed); goal under 30 s -> %s;"
            + " load average %s%n",
        round,
        before,
        status.get("generation").asInt(),
        status.get("titles").asLong(),
        events,
        took,
        events / took,
        progress.body().lines().count(),
        took < 30 ? "met" : "NOT met",
        LoadAverage.now());
  }

  /** Polls {@code GET /admin/search} every 100 ms until {@code done}; the status that was. */
  private static JsonNode awaitStatus(String base, Duration timeout, Predicate<JsonNode> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Http.Response r = Http.get(base + "/admin/search");
      if (r.status() == 200 && done.test(r.json())) {
        return r.json();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the index did not get there: " + r.status() + r.body());
      }
      Thread.sleep(100);
    }
  }

  // ---- (2) latency and throughput ------------------------------------------------------------

  /** One kind of request: the i-th path asked of the node, and the i-th question for the scan. */
  private record Workload(String name, String about, List<String> paths, ClosedLoop.Call naive) {}

  private void latencies(List<Case> cases, long titles) throws Exception {
    System.out.printf(
        "%n(2) latency and throughput: closed-loop clients, %.0f s per run after a %.0f s warm-up"
            + " of each kind both ways; the index over HTTP (java.net.http, HTTP/1.1, no profile)"
            + " against the node (%,d titles), the LIKE scan of the catalog's %,d entries in this"
            + " JVM; load average %s%n",
        seconds, warmupSeconds, titles, scan.size(), LoadAverage.now());
    Map<String, ClosedLoop.Figures> index = new LinkedHashMap<>();
    for (Workload w : workloads(cases)) {
      System.out.printf("%n  %s: %s; load average %s%n", w.name(), w.about(), LoadAverage.now());
      ClosedLoop.Call http = i -> get(w.paths().get(i % w.paths().size()));
      int most = Collections.max(clients);
      ClosedLoop.run(most, warmupSeconds, http);
      ClosedLoop.run(most, warmupSeconds, w.naive());
      System.out.printf(
          "  %-7s | %-45s | %-36s | %s%n",
          "", "index, over HTTP", "LIKE scan, in-process", "index/scan");
      System.out.printf(
          "  %7s | %8s %8s %8s %9s %8s | %8s %8s %8s %9s | %6s %6s%n",
          "clients", "p50 ms", "p99 ms", "max ms", "req/s", "errors", "p50 ms", "p99 ms", "max ms",
          "req/s", "p50", "p99");
      for (int c : clients) {
        ClosedLoop.Figures l = ClosedLoop.run(c, seconds, http);
        ClosedLoop.Figures n = ClosedLoop.run(c, seconds, w.naive());
        index.put(w.name() + "@" + c, l);
        System.out.printf(
            "  %7d | %8.2f %8.2f %8.1f %9.0f %8d | %8.2f %8.2f %8.1f %9.0f | %6.3g %6.3g%n",
            c,
            l.latency().ms(0.5),
            l.latency().ms(0.99),
            l.latency().ms(1.0),
            l.perSecond(),
            l.errors(),
            n.latency().ms(0.5),
            n.latency().ms(0.99),
            n.latency().ms(1.0),
            n.perSecond(),
            l.latency().ms(0.5) / n.latency().ms(0.5),
            l.latency().ms(0.99) / n.latency().ms(0.99));
      }
    }
    System.out.println();
    goal(index.get("search@16"), "search", 10);
    goal(index.get("suggest@16"), "suggest", 5);
  }

  private static void goal(ClosedLoop.Figures f, String what, double p99Ms) {
    if (f == null) {
      System.out.printf("  goal: %s p99 under %.0f ms at 16 clients -> not run%n", what, p99Ms);
      return;
    }
    double p99 = f.latency().ms(0.99);
    System.out.printf(
        "  goal: %s p99 under %.0f ms at 16 clients -> %s (%.2f ms)%n",
        what, p99Ms, p99 < p99Ms ? "met" : "NOT met", p99);
  }

  private List<Workload> workloads(List<Case> cases) {
    List<String> queries = cases.stream().map(Case::query).toList();
    Set<String> prefixSet = new LinkedHashSet<>();
    for (String q : queries) {
      for (int n = 2; n <= Math.min(6, q.length()); n++) {
        prefixSet.add(q.substring(0, n));
      }
    }
    List<String> prefixes = List.copyOf(prefixSet);
    List<String> genres =
        scan.genres().entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(6)
            .map(Map.Entry::getKey)
            .toList();
    List<String> decades = List.of("1950s", "1960s", "1970s", "1980s", "1990s", "2000s", "2010s");
    // Each query twice: with a genre, then with a decade.
    List<Filtered> filtered = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      filtered.add(
          new Filtered(
              queries.get(i), Optional.of(genres.get(i % genres.size())), Optional.empty()));
      filtered.add(
          new Filtered(
              queries.get(i), Optional.empty(), Optional.of(decades.get(i % decades.size()))));
    }
    return List.of(
        new Workload(
            "search",
            queries.size() + " queries of the relevance set (GET /search?q=...)",
            queries.stream().map(q -> "/search?q=" + encode(q)).toList(),
            i -> {
              scan.search(
                  queries.get(i % queries.size()),
                  Optional.empty(),
                  Optional.empty(),
                  SEARCH_LIMIT);
              return true;
            }),
        new Workload(
            "suggest",
            prefixes.size()
                + " prefixes (2..6 characters) of those queries"
                + " (GET /search/suggest?q=...)",
            prefixes.stream().map(p -> "/search/suggest?q=" + encode(p)).toList(),
            i -> {
              scan.suggest(prefixes.get(i % prefixes.size()), SUGGEST_LIMIT);
              return true;
            }),
        new Workload(
            "filtered",
            "the same queries with a genre ("
                + String.join(", ", genres)
                + ") or a decade"
                + " (1950s..2010s): GET /search?q=...&genre=... | &decade=..., facet counts in"
                + " both answers",
            filtered.stream().map(Filtered::path).toList(),
            i -> {
              Filtered f = filtered.get(i % filtered.size());
              scan.search(f.query(), f.genre(), f.decade(), SEARCH_LIMIT);
              return true;
            }),
        new Workload(
            "genres",
            "the genre list with counts (GET /catalog/genres; the scan: GROUP BY genre)",
            List.of("/catalog/genres"),
            i -> {
              scan.genres();
              return true;
            }));
  }

  /** A query narrowed by a genre or a decade. */
  private record Filtered(String query, Optional<String> genre, Optional<String> decade) {
    String path() {
      return "/search?q="
          + encode(query)
          + genre.map(g -> "&genre=" + encode(g)).orElse("")
          + decade.map(d -> "&decade=" + d).orElse("");
    }
  }

  /**
   * {@code clients} threads, each sending its next request as soon as the last is answered, for
   * {@code seconds}; request i (counted across all clients) asks question i, round the list.
   */
  private boolean get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<Void> r =
        client.send(
            HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    return r.statusCode() == 200;
  }

  // ---- (3) quality ---------------------------------------------------------------------------

  /** One line of the relevance set. */
  private record Case(String kind, String query, String title, int year) {}

  private static List<Case> relevanceSet() throws IOException {
    List<Case> out = new ArrayList<>();
    try (InputStream in = SearchBenchmark.class.getResourceAsStream(RELEVANCE_SET)) {
      if (in == null) {
        throw new IllegalStateException(RELEVANCE_SET + " is not on the classpath");
      }
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          String[] f = line.split("\t");
          out.add(new Case(f[0], f[1], f[2], Integer.parseInt(f[3])));
        }
      }
    }
    return out;
  }

  /**
   * (3) Whether each relevance-set query finds its film in the first 10 results: the index's
   * ranking over HTTP, the scan's catalog order.
   */
  private void quality(List<Case> cases) throws Exception {
    System.out.printf(
        "%n(3) quality: relevance-set queries (search-index/src/test/resources%s) whose film is"
            + " in the first %d results; load average %s%n",
        RELEVANCE_SET, TOP, LoadAverage.now());
    Map<String, int[]> byKind = new LinkedHashMap<>(); // kind -> [queries, index, scan]
    int[] all = new int[3];
    for (Case c : cases) {
      Http.Response answer = Http.get(base + "/search?q=" + encode(c.query()) + "&limit=" + TOP);
      if (answer.status() != 200) {
        throw new IllegalStateException(c.query() + ": " + answer.status() + " " + answer.body());
      }
      boolean index = false;
      for (JsonNode r : answer.json().get("results")) {
        index |= r.get("title").asText().equals(c.title()) && r.get("year").asInt() == c.year();
      }
      boolean like =
          scan.search(c.query(), Optional.empty(), Optional.empty(), TOP).rows().stream()
              .anyMatch(r -> r.title().equals(c.title()) && r.year() == c.year());
      for (int[] k : List.of(byKind.computeIfAbsent(c.kind(), x -> new int[3]), all)) {
        k[0]++;
        k[1] += index ? 1 : 0;
        k[2] += like ? 1 : 0;
      }
    }
    System.out.printf("  %-12s %8s %8s %10s%n", "kind", "queries", "index", "LIKE scan");
    byKind.forEach(
        (kind, k) -> System.out.printf("  %-12s %8d %8d %10d%n", kind, k[0], k[1], k[2]));
    System.out.printf(
        "  %-12s %8d %8d %10d  (%.0f %% against %.0f %%)%n",
        "all", all[0], all[1], all[2], 100.0 * all[1] / all[0], 100.0 * all[2] / all[0]);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static double secs(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}

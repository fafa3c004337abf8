package io.reel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.testing.Http;
import io.reel.testing.MediaChecks;
import io.reel.testing.TestInfra;
import io.reel.testing.TestMedia;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints figures, asserts nothing ({@code ./reel bench playback}), against one real node with the
 * roles write, read, projection, transcode and edge. A short synthetic title is uploaded, packaged
 * and published through the API, then N viewers (one premium account each; sign-ups are not timed)
 * are measured on:
 *
 * <ol>
 *   <li>time to first media byte: each play calls {@code POST /v1/play}, then GETs the HLS master,
 *       the first media playlist, its init segment and its first media segment; the time runs from
 *       sending the play request to the first byte of that segment. Measured as bursts (all viewers
 *       press play at the same moment, a few rounds after one that is not counted) and paced (plays
 *       started at a fixed rate, to see the latency of a node that is not saturated);
 *   <li>heartbeats: every viewer opens several sessions (one per device), then a bounded number of
 *       workers send heartbeats round the sessions as fast as they are answered; the saved
 *       positions ({@code PositionSaved} events) are counted in the Cassandra journal.
 * </ol>
 *
 * <p>Settings: {@code -Dbench.viewers=200 -Dbench.rounds=5 -Dbench.paced-rate=20,50
 * -Dbench.paced-seconds=10 -Dbench.sessions-per-viewer=4 -Dbench.heartbeat-concurrency=64
 * -Dbench.heartbeat-seconds=20 -Dbench.save-position-every=1s -Dbench.signup-concurrency=8}.
 */
public final class PlaybackBenchmark {

  private final HttpClient client;
  private final String base;
  private final String titleId;

  private PlaybackBenchmark(HttpClient client, String base, String titleId) {
    this.client = client;
    this.base = base;
    this.titleId = titleId;
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
    int viewers = Integer.getInteger("bench.viewers", 200);
    int rounds = Integer.getInteger("bench.rounds", 5);
    int signUpConcurrency = Integer.getInteger("bench.signup-concurrency", 8);
    int devices = Integer.getInteger("bench.sessions-per-viewer", 4);
    int beatConcurrency = Integer.getInteger("bench.heartbeat-concurrency", 64);
    int beatSeconds = Integer.getInteger("bench.heartbeat-seconds", 20);
    String pacedRates = System.getProperty("bench.paced-rate", "20,50");
    int pacedSeconds = Integer.getInteger("bench.paced-seconds", 10);
    String saveEvery = System.getProperty("bench.save-position-every", "1s");
    System.out.printf(
        "machine: %d cores, Java %s; Cassandra, Kafka, the node and this load generator share"
            + " them; load average %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        LoadAverage.now());

    String keyspace = TestInfra.freshKeyspace(PlaybackBenchmark.class);
    Path media = Path.of("target/bench-media", keyspace).toAbsolutePath();
    Map<String, Object> extra = new HashMap<>();
    // Every simulated viewer comes from 127.0.0.1: the per-client limit would throttle them all.
    extra.put("reel.gateway.rate-limit.per-second", 1_000_000);
    extra.put("reel.gateway.rate-limit.burst", 1_000_000);
    extra.put("reel.edge.cache.dir", media.resolve("edge-cache").toString());
    extra.put("reel.media.store-dir", media.resolve("store").toString());
    extra.put("reel.playback.save-position-every", saveEvery);
    extra.put("reel.playback.session-timeout", "10m");
    try (TestNode node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("bench"),
            List.of("write", "read", "projection", "transcode", "edge"),
            Optional.empty(),
            extra)) {
      String base = node.baseUrl();
      long t = System.nanoTime();
      String titleId = publishedTitle(base, media);
      System.out.printf(
          "title %s: 6 s 640x360 source uploaded, packaged and published in %.1f s%n",
          titleId, secs(t));

      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .executor(Executors.newFixedThreadPool(4))
              .build();
      PlaybackBenchmark bench = new PlaybackBenchmark(client, base, titleId);

      t = System.nanoTime();
      Path outbox = Path.of("target/mail", keyspace + ".jsonl");
      List<Account> accounts = bench.signUp(viewers, signUpConcurrency, outbox);
      System.out.printf(
          "%d premium accounts signed up, verified, signed in and subscribed in %.1f s"
              + " (%d at a time; not measured)%n",
          accounts.size(), secs(t), signUpConcurrency);

      bench.burst(accounts, rounds);
      for (String rate : pacedRates.split(",")) {
        bench.paced(accounts, Double.parseDouble(rate.trim()), pacedSeconds);
      }
      bench.heartbeats(accounts, devices, beatConcurrency, beatSeconds, saveEvery, keyspace);
    }
  }

  private static String publishedTitle(String base, Path media) throws Exception {
    Http.Response created =
        Http.post(
            base + "/admin/titles",
            "{\"title\":\"Bench Reel\",\"year\":2026,\"genres\":[\"Drama\"],"
                + "\"maturityRating\":\"PG\"}");
    check(created.status() == 201, "create title", created);
    String id = created.json().get("id").asText();
    Path clip = TestMedia.clip(media.resolve("sources"), "bench.mp4", 640, 360, 30, 6, true);
    Http.Response upload = Http.putFile(base + "/admin/titles/" + id + "/source", clip);
    check(upload.status() == 202, "upload", upload);
    List<JsonNode> seen =
        MediaChecks.awaitStatus(base, id, Duration.ofMinutes(5), "packaged", "failed");
    String status = seen.get(seen.size() - 1).get("status").asText();
    if (!status.equals("packaged")) {
      throw new IllegalStateException("the bench title was not packaged: " + seen);
    }
    Http.Response published = Http.post(base + "/admin/titles/" + id + "/publish", "");
    check(published.status() == 200, "publish", published);
    return id;
  }

  /** A premium viewer and the adult profile it plays on. */
  private record Account(Viewer viewer, String profileId) {}

  /**
   * Sign-ups cost an Argon2 hash each (and sign-ins one more): done a few at a time, untimed. Each
   * account is ready once its first play is accepted (the entitlement read model is eventually
   * consistent).
   */
  private List<Account> signUp(int n, int concurrency, Path outbox) throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36);
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      emails.add("viewer-" + i + "-" + run + "@bench.example");
    }
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      return all(
          pool,
          emails,
          email -> {
            Viewer viewer = Viewer.signUp(base, outbox, email);
            String profile = viewer.addProfile("Sam", false, "NR");
            viewer.subscribe("premium");
            Account a = new Account(viewer, profile);
            awaitEntitled(a);
            return a;
          });
    } finally {
      pool.shutdown();
    }
  }

  private void awaitEntitled(Account a) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      Http.Response r = a.viewer().send("POST", "/v1/play", playBody(a, "device-0"));
      if (r.status() == 201) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("never entitled: " + r.status() + " " + r.body());
      }
      Thread.sleep(200);
    }
  }

  /** Latencies of plays that reached the first media byte, per step. */
  private static final class Samples {
    final List<Long> total = Collections.synchronizedList(new ArrayList<>());
    final List<Long> play = Collections.synchronizedList(new ArrayList<>());
    final Map<String, List<Long>> steps = new ConcurrentHashMap<>();
    final AtomicInteger failed = new AtomicInteger();

    void add(long[] t) {
      total.add(t[5] - t[0]);
      play.add(t[1] - t[0]);
      String[] names = {"master", "playlist", "init", "segment"};
      for (int i = 0; i < names.length; i++) {
        steps
            .computeIfAbsent(names[i], k -> Collections.synchronizedList(new ArrayList<>()))
            .add(t[i + 2] - t[i + 1]);
      }
    }

    void print(double elapsedSeconds) {
      System.out.printf("  play to first segment byte: %s%n", Percentiles.of(total).summary());
      System.out.printf(
          "  throughput: %.1f plays/s (play + 4 GETs each), %d failed%n",
          total.size() / elapsedSeconds, failed.get());
      System.out.printf("  POST /v1/play alone: %s%n", Percentiles.of(play).summary());
      for (String step : List.of("master", "playlist", "init", "segment")) {
        System.out.printf(
            "  GET %-9s %s%n",
            step + ":", Percentiles.of(steps.getOrDefault(step, List.of())).summary());
      }
      System.out.printf(
          "  goal p99 < 50 ms: %s; load average %s%n",
          Percentiles.of(total).ms(0.99) < 50 ? "met" : "NOT met", LoadAverage.now());
    }
  }

  /**
   * (b) All viewers press play at the same moment (a barrier), {@code rounds} times after one round
   * that is not counted.
   */
  private void burst(List<Account> accounts, int rounds) throws Exception {
    int n = accounts.size();
    Samples samples = new Samples();
    CyclicBarrier go = new CyclicBarrier(n + 1);
    CyclicBarrier done = new CyclicBarrier(n + 1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<?>> running = new ArrayList<>();
    for (Account a : accounts) {
      running.add(
          pool.submit(
              () -> {
                for (int r = 0; r <= rounds; r++) {
                  go.await();
                  long[] t = firstByte(a);
                  if (r > 0) {
                    if (t == null) {
                      samples.failed.incrementAndGet();
                    } else {
                      samples.add(t);
                    }
                  }
                  done.await();
                }
                return null;
              }));
    }
    double elapsed = 0;
    for (int r = 0; r <= rounds; r++) {
      Thread.sleep(1000); // let the previous round's writes settle
      go.await();
      long t = System.nanoTime();
      done.await();
      if (r > 0) {
        elapsed += secs(t);
      }
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    System.out.printf(
        "%n(b) play to first media byte, burst: %d viewers press play at the same moment,"
            + " %d counted rounds (one warm-up round not counted)%n",
        n, rounds);
    samples.print(elapsed);
  }

  /**
   * (b') Open loop: plays start at a fixed rate whatever the answers, each viewer in turn, to see
   * the latency when the node is not saturated.
   */
  private void paced(List<Account> accounts, double rate, int seconds) throws Exception {
    Samples samples = new Samples();
    ExecutorService pool = Executors.newCachedThreadPool();
    int count = (int) (rate * seconds);
    long start = System.nanoTime();
    long gap = (long) (1e9 / rate);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long due = start + i * gap;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      Account a = accounts.get(i % accounts.size());
      running.add(
          pool.submit(
              () -> {
                long[] t = firstByte(a);
                if (t == null) {
                  samples.failed.incrementAndGet();
                } else {
                  samples.add(t);
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    double elapsed = secs(start);
    pool.shutdown();
    System.out.printf(
        "%n(b') play to first media byte, paced: %.0f plays/s offered for %d s, viewers in turn%n",
        rate, seconds);
    samples.print(elapsed);
  }

  /**
   * One play through to the first byte of the first media segment: the times of sending the play,
   * its answer, the master, the playlist, the init segment and the first segment byte; null when a
   * step failed.
   */
  private long[] firstByte(Account a) throws IOException, InterruptedException {
    long[] t = new long[6];
    t[0] = System.nanoTime();
    HttpResponse<String> started =
        client.send(
            request("/v1/play", a.viewer().accessToken())
                .POST(HttpRequest.BodyPublishers.ofString(playBody(a, "device-0")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    t[1] = System.nanoTime();
    if (started.statusCode() != 201) {
      return null;
    }
    String hls = Http.JSON.readTree(started.body()).get("hlsUrl").asText();
    HttpResponse<String> master = get(hls);
    t[2] = System.nanoTime();
    if (master.statusCode() != 200) {
      return null;
    }
    String playlistUrl =
        URI.create(hls)
            .resolve(
                master.body().lines().filter(l -> l.endsWith(".m3u8")).findFirst().orElseThrow())
            .toString();
    HttpResponse<String> playlist = get(playlistUrl);
    t[3] = System.nanoTime();
    if (playlist.statusCode() != 200) {
      return null;
    }
    String map =
        playlist.body().lines().filter(l -> l.startsWith("#EXT-X-MAP")).findFirst().orElseThrow();
    String init = map.substring(map.indexOf("URI=\"") + 5, map.lastIndexOf('"'));
    String segment =
        playlist.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().get();
    HttpResponse<byte[]> initPart =
        client.send(
            HttpRequest.newBuilder(URI.create(playlistUrl).resolve(init)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    t[4] = System.nanoTime();
    HttpResponse<InputStream> seg =
        client.send(
            HttpRequest.newBuilder(URI.create(playlistUrl).resolve(segment)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    boolean ok;
    try (InputStream in = seg.body()) {
      ok = in.read() >= 0;
      t[5] = System.nanoTime();
      in.transferTo(OutputStream.nullOutputStream());
    }
    return ok && initPart.statusCode() == 200 && seg.statusCode() == 200 ? t : null;
  }

  /** The 1-, 5- and 15-minute load averages: other work on the machine shows here. */
  /** (c): sessions on several devices per viewer, heartbeats round them with bounded workers. */
  private void heartbeats(
      List<Account> accounts,
      int devices,
      int concurrency,
      int seconds,
      String saveEvery,
      String keyspace)
      throws Exception {
    record Session(Account account, String heartbeatUrl) {}
    List<Session> sessions = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(concurrency, 8));
    long opened = System.nanoTime();
    all(
        pool,
        accounts,
        a -> {
          // Device 0 replaces the session of the play phase.
          for (int d = 0; d < devices; d++) {
            Http.Response r = a.viewer().send("POST", "/v1/play", playBody(a, "device-" + d));
            check(r.status() == 201, "play on device " + d, r);
            sessions.add(new Session(a, r.json().get("heartbeatUrl").asText()));
          }
          return null;
        });
    long savedBefore = positionsSaved(keyspace);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failed = new AtomicInteger();
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    long stopAt = start + Duration.ofSeconds(seconds).toNanos();
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      workers.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < stopAt) {
                  long i = next.getAndIncrement();
                  Session s = sessions.get((int) (i % sessions.size()));
                  // Positions stay within the 6 s title.
                  String body = "{\"positionSeconds\":" + (i / sessions.size()) % 6 + "}";
                  long t0 = System.nanoTime();
                  HttpResponse<String> r =
                      client.send(
                          request(s.heartbeatUrl(), s.account().viewer().accessToken())
                              .POST(HttpRequest.BodyPublishers.ofString(body))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  if (r.statusCode() == 200) {
                    latencies.add(System.nanoTime() - t0);
                  } else {
                    failed.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : workers) {
      f.get();
    }
    double elapsed = secs(start);
    pool.shutdown();
    // Persisting is done before the reply, so every saved position is in the journal by now.
    long saved = positionsSaved(keyspace) - savedBefore;
    System.out.printf(
        "%n(c) heartbeats: %d open sessions (%d accounts x %d devices), %d in flight, %.1f s,"
            + " save-position-every = %s%n",
        sessions.size(), accounts.size(), devices, concurrency, elapsed, saveEvery);
    System.out.printf(
        "  %,.0f heartbeats/s (%d answered 200, %d failed), latency %s%n",
        latencies.size() / elapsed,
        latencies.size(),
        failed.get(),
        Percentiles.of(latencies).summary());
    System.out.printf(
        "  PositionSaved events persisted: %d (%.0f/s; counted in the Cassandra journal,"
            + " %s.messages); at most %d (one per session per %s, the first one that long after"
            + " its start); load average %s%n",
        saved,
        saved / elapsed,
        keyspace,
        (long) (sessions.size() * Math.floor(secs(opened) / parseSeconds(saveEvery))),
        saveEvery,
        LoadAverage.now());
  }

  /** PositionSaved rows of playback entities in the journal (a full scan: benchmarks only). */
  private static long positionsSaved(String keyspace) {
    long n = 0;
    for (var row :
        TestInfra.session()
            .execute("SELECT persistence_id, ser_manifest FROM " + keyspace + ".messages")) {
      String manifest = row.getString("ser_manifest");
      if (row.getString("persistence_id").startsWith("Playback|")
          && manifest != null
          && manifest.endsWith("PositionSaved")) {
        n++;
      }
    }
    return n;
  }

  private static double parseSeconds(String duration) {
    return com.typesafe.config.ConfigFactory.parseString("d = " + duration)
            .getDuration("d")
            .toMillis()
        / 1000.0;
  }

  private String playBody(Account a, String device) {
    return "{\"profileId\":\""
        + a.profileId()
        + "\",\"titleId\":\""
        + titleId
        + "\",\"deviceId\":\""
        + device
        + "\",\"deviceName\":\"Bench "
        + device
        + "\"}";
  }

  private HttpRequest.Builder request(String path, String bearer) {
    return HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + bearer);
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private interface Step<T, R> {
    R apply(T item) throws Exception;
  }

  /** Runs {@code step} on every item on {@code pool}; the results in order, or the first error. */
  private static <T, R> List<R> all(ExecutorService pool, List<T> items, Step<T, R> step)
      throws Exception {
    List<Future<R>> futures = new ArrayList<>();
    for (T item : items) {
      Callable<R> c = () -> step.apply(item);
      futures.add(pool.submit(c));
    }
    List<R> results = new ArrayList<>();
    for (Future<R> f : futures) {
      results.add(f.get());
    }
    return results;
  }

  private static void check(boolean ok, String what, Http.Response r) {
    if (!ok) {
      throw new IllegalStateException(what + ": " + r.status() + " " + r.body());
    }
  }

  private static double secs(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}

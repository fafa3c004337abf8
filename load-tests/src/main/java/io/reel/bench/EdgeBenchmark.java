package io.reel.bench;

import com.typesafe.config.ConfigFactory;
import io.reel.edge.EdgeServer;
import io.reel.edge.EdgeSettings;
import io.reel.origin.FileSystemObjectStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * Prints figures, asserts nothing ({@code ./reel bench edge}): segment delivery on cache hits from
 * the edge against nginx serving the same files on the same machine, with the same wrk run (same
 * connections, threads, duration, URL cycle). Needs {@code wrk} and {@code nginx} (Debian: {@code
 * apt-get install -y nginx wrk}); nginx runs from its own generated config in a temp dir.
 *
 * <p>The clip: 4 video rungs and one audio rung, 4 s segments at the sizes the planned ladder gives
 * (1080p 4977 kb/s ≈ 2.5 MB down to 240p 245 kb/s ≈ 120 KB, AAC 128 kb/s ≈ 64 KB), random bytes.
 */
public final class EdgeBenchmark {

  private static final String PREFIX = "packages/42/v1-a1/";

  private EdgeBenchmark() {}

  record Run(String name, long requests, long bytes, double seconds, double p99Ms, long errors) {
    double rps() {
      return requests / seconds;
    }

    double mbps() {
      return bytes / seconds / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    int connections = Integer.getInteger("bench.edge.connections", 64);
    int threads = Integer.getInteger("bench.edge.threads", 2);
    int seconds = Integer.getInteger("bench.edge.seconds", 20);
    int segmentsPerRung = Integer.getInteger("bench.edge.segments", 10);
    System.out.printf(
        "machine: %d cores, Java %s; wrk and both servers share the cores%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    requireTool("wrk");
    String nginxBin = requireTool("nginx");

    Path work = Files.createTempDirectory("reel-edge-bench");
    Path originDir = work.resolve("origin");
    var store = new FileSystemObjectStore(originDir);
    List<String> keys = writeClip(store, segmentsPerRung);
    long clipBytes = 0;
    for (String k : keys) {
      clipBytes += store.stat(k).orElseThrow().sizeBytes();
    }
    System.out.printf(
        "clip: %d segments, %.1f MB (rungs of 2.5 MB, 1.1 MB, 280 KB, 120 KB, audio 64 KB)%n",
        keys.size(), clipBytes / 1e6);

    String tokenKey =
        Base64.getEncoder()
            .encodeToString(
                new Random(1)
                    .ints(32)
                    .collect(java.io.ByteArrayOutputStream::new, (o, i) -> o.write(i), (a, b) -> {})
                    .toByteArray());
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("reel.edge.token-keys", "bench:" + tokenKey);
    overrides.put("reel.edge.cache.dir", work.resolve("edge-cache").toString());
    overrides.put("pekko.loglevel", "WARNING");
    var config = ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "edge-bench", config);
    Process nginx = null;
    try {
      EdgeSettings settings = EdgeSettings.fromConfig(system.settings().config());
      EdgeServer edge = EdgeServer.create(system, settings, store, Clock.systemUTC());
      ServerBinding binding =
          edge.bind("127.0.0.1", 0).toCompletableFuture().get(10, TimeUnit.SECONDS);
      int edgePort = binding.localAddress().getPort();
      String token = edge.tokens().mint("bench", "bench", PREFIX, Duration.ofHours(2));

      int nginxPort = freePort();
      nginx = startNginx(nginxBin, work.resolve("nginx"), originDir, nginxPort);

      List<String> edgePaths = new ArrayList<>();
      List<String> nginxPaths = new ArrayList<>();
      for (String k : keys) {
        edgePaths.add("/edge/" + token + "/" + k);
        nginxPaths.add("/" + k);
      }
      // Warm both: every segment once (the edge's cache fills; nginx's page cache is the same
      // files).
      warm("http://127.0.0.1:" + edgePort, edgePaths);
      warm("http://127.0.0.1:" + nginxPort, nginxPaths);
      var before = edge.cache().stats();

      Path edgeLua = luaScript(work.resolve("edge.lua"), edgePaths);
      Path nginxLua = luaScript(work.resolve("nginx.lua"), nginxPaths);
      // A short run each first, so the JIT and both servers are warm; then the measured runs.
      wrk(threads, connections, 5, edgeLua, edgePort, "edge warm-up");
      wrk(threads, connections, 5, nginxLua, nginxPort, "nginx warm-up");
      Run e = wrk(threads, connections, seconds, edgeLua, edgePort, "edge");
      Run n = wrk(threads, connections, seconds, nginxLua, nginxPort, "nginx");
      var after = edge.cache().stats();

      System.out.printf(
          "wrk: %d connections, %d threads, %d s, cycling over %d segments%n",
          connections, threads, seconds, keys.size());
      System.out.printf("%-6s %10s %10s %10s %8s%n", "", "req/s", "MB/s", "p99 ms", "errors");
      for (Run r : List.of(e, n)) {
        System.out.printf(
            "%-6s %10.0f %10.1f %10.1f %8d%n", r.name(), r.rps(), r.mbps(), r.p99Ms(), r.errors());
      }
      System.out.printf(
          "edge / nginx: %.2f of the requests/s, %.2f of the MB/s (goal >= 0.8); load average %s%n",
          e.rps() / n.rps(), e.mbps() / n.mbps(), LoadAverage.now());
      System.out.printf(
          "edge cache during the runs: memory hits %d, disk hits %d, misses %d, origin reads %d%n",
          after.memoryHits() - before.memoryHits(),
          after.diskHits() - before.diskHits(),
          after.misses() - before.misses(),
          after.originReads() - before.originReads());
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      if (nginx != null) {
        nginx.destroy();
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
          nginx.destroyForcibly();
        }
      }
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      FileSystemObjectStore.deleteTree(work);
    }
  }

  private static List<String> writeClip(FileSystemObjectStore store, int segments)
      throws IOException {
    Map<String, Integer> rungs = new java.util.LinkedHashMap<>();
    rungs.put("video-1080", 2_488_500);
    rungs.put("video-720", 1_106_000);
    rungs.put("video-360", 276_500);
    rungs.put("video-240", 122_500);
    rungs.put("audio", 64_000);
    Random random = new Random(42);
    List<String> keys = new ArrayList<>();
    for (var rung : rungs.entrySet()) {
      for (int i = 1; i <= segments; i++) {
        // ±10 % around the rung's average, as capped VBR gives.
        int size = (int) (rung.getValue() * (0.9 + 0.2 * random.nextDouble()));
        byte[] data = new byte[size];
        random.nextBytes(data);
        String key = PREFIX + rung.getKey() + "/seg-" + i + ".m4s";
        try (var p = store.create(key)) {
          Files.write(p.stagingFile(), data);
          p.commit();
        }
        keys.add(key);
      }
    }
    return keys;
  }

  private static void warm(String base, List<String> paths) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (String p : paths) {
      var r =
          client.send(
              HttpRequest.newBuilder(URI.create(base + p)).build(),
              HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("warm-up GET " + base + p + " answered " + r.statusCode());
      }
    }
  }

  private static Path luaScript(Path file, List<String> paths) throws IOException {
    StringBuilder lua = new StringBuilder("local paths = {\n");
    for (String p : paths) {
      lua.append("  \"").append(p).append("\",\n");
    }
    lua.append("}\n")
        .append("local i = 0\n")
        .append("function setup(thread) thread:set(\"id\", 0) end\n")
        .append("function init(args) i = math.random(#paths) end\n")
        .append("function request()\n")
        .append("  i = i % #paths + 1\n")
        .append("  return wrk.format(\"GET\", paths[i])\n")
        .append("end\n")
        .append("function done(summary, latency, requests)\n")
        .append("  local e = summary.errors\n")
        .append("  io.write(string.format(\"BENCH requests=%d bytes=%d duration_us=%d p99_us=%d")
        .append(" errors=%d\\n\", summary.requests, summary.bytes, summary.duration,")
        .append(" latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))\n")
        .append("end\n");
    Files.writeString(file, lua.toString(), StandardCharsets.UTF_8);
    return file;
  }

  private static Run wrk(int threads, int connections, int seconds, Path lua, int port, String name)
      throws Exception {
    Process p =
        new ProcessBuilder(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "-s",
                lua.toString(),
                "http://127.0.0.1:" + port)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("wrk failed: " + out);
    }
    String line =
        out.lines()
            .filter(l -> l.startsWith("BENCH "))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no figures from wrk: " + out));
    Map<String, Long> f = new HashMap<>();
    for (String kv : line.substring(6).trim().split(" ")) {
      String[] parts = kv.split("=");
      f.put(parts[0], Long.parseLong(parts[1]));
    }
    Run r =
        new Run(
            name,
            f.get("requests"),
            f.get("bytes"),
            f.get("duration_us") / 1e6,
            f.get("p99_us") / 1e3,
            f.get("errors"));
    System.out.printf(
        "%s: %.0f req/s, %.1f MB/s, p99 %.1f ms, %d errors%n",
        name, r.rps(), r.mbps(), r.p99Ms(), r.errors());
    return r;
  }

  private static Process startNginx(String bin, Path dir, Path root, int port) throws Exception {
    Files.createDirectories(dir.resolve("logs"));
    Files.createDirectories(dir.resolve("temp"));
    String conf =
        String.join(
            "\n",
            // Workers read the benchmark's private temp dir (ignored when not started as root).
            "user root;",
            "worker_processes 2;",
            "daemon off;",
            "pid " + dir.resolve("nginx.pid") + ";",
            "error_log " + dir.resolve("logs/error.log") + " warn;",
            "events { worker_connections 1024; }",
            "http {",
            "  access_log off;",
            "  sendfile on;",
            "  tcp_nopush on;",
            "  keepalive_requests 1000000;",
            "  client_body_temp_path " + dir.resolve("temp/body") + ";",
            "  proxy_temp_path " + dir.resolve("temp/proxy") + ";",
            "  fastcgi_temp_path " + dir.resolve("temp/fastcgi") + ";",
            "  uwsgi_temp_path " + dir.resolve("temp/uwsgi") + ";",
            "  scgi_temp_path " + dir.resolve("temp/scgi") + ";",
            "  types { video/iso.segment m4s; application/vnd.apple.mpegurl m3u8; }",
            "  default_type application/octet-stream;",
            "  server {",
            "    listen 127.0.0.1:" + port + ";",
            "    root " + root + ";",
            "    location / { add_header Cache-Control \"public, max-age=31536000, immutable\"; }",
            "  }",
            "}",
            "");
    Path confFile = dir.resolve("nginx.conf");
    Files.writeString(confFile, conf);
    Process p =
        new ProcessBuilder(bin, "-p", dir.toString(), "-c", confFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("logs/stdout.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "nginx exited: " + Files.readString(dir.resolve("logs/stdout.log")));
      }
      try (var s = new java.net.Socket("127.0.0.1", port)) {
        return p;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("nginx did not open port " + port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String requireTool(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String d : new String[] {dir, "/usr/sbin"}) {
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    throw new IllegalStateException(
        name + " not found: install it (Debian: apt-get install -y nginx wrk)");
  }
}

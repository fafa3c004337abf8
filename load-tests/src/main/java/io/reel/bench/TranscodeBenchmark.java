package io.reel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.origin.FileSystemObjectStore;
import io.reel.origin.keys.ContentKey;
import io.reel.testing.Http;
import io.reel.testing.MediaChecks;
import io.reel.testing.TestInfra;
import io.reel.testing.TestMedia;
import io.reel.testing.TestNode;
import io.reel.transcode.FfmpegBinaries;
import io.reel.transcode.ffmpeg.Encryption;
import io.reel.transcode.ffmpeg.FfmpegCommand;
import io.reel.transcode.ffmpeg.Trickplay;
import io.reel.transcode.pipeline.WorkerPool;
import io.reel.transcode.plan.Ladder;
import io.reel.transcode.plan.LadderPlanner;
import io.reel.transcode.plan.LadderSettings;
import io.reel.transcode.plan.Probe;
import io.reel.transcode.plan.ProbeResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints figures, asserts nothing ({@code ./reel bench transcode}): (1) a 60 s 1080p30 source
 * through the whole pipeline (upload, probe, one-pass ffmpeg, packaging, encryption signalling,
 * publish, the title switched) versus the same ffmpeg command run directly: realtime factors and
 * their ratio; (2) ten titles submitted at once: the most jobs seen running together, and the time
 * until all are packaged.
 */
public final class TranscodeBenchmark {

  private TranscodeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 60);
    int titles = Integer.getInteger("bench.titles", 10);
    Path dir = Files.createDirectories(Path.of("target/bench-media").toAbsolutePath());
    System.out.printf(
        "machine: %d cores, Java %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

    long t = System.nanoTime();
    Path source = TestMedia.clip(dir, "bench-1080p30.mp4", 1920, 1080, 30, seconds, true);
    System.out.printf(
        "source: %d s 1080p30 H.264/AAC, %.1f MB, made in %.1f s%n",
        seconds, Files.size(source) / 1e6, secondsSince(t));

    ProbeResult probe = Probe.bundled().probe(source);
    Ladder ladder = LadderPlanner.plan(probe, LadderSettings.defaults());
    StringBuilder rungs = new StringBuilder();
    ladder
        .video()
        .forEach(
            r -> rungs.append(r.height()).append("p@").append(r.videoBitrateKbps()).append("k "));
    System.out.printf("ladder: %s+ audio %s%n", rungs, ladder.audio().isPresent());

    String keyspace = TestInfra.freshKeyspace(TranscodeBenchmark.class);
    try (TestNode node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("bench"),
            List.of("write", "read", "transcode"),
            Optional.empty(),
            Map.of(
                "reel.media.store-dir",
                dir.resolve("store-" + keyspace).toString(),
                // New events reach the job projection by pub-sub; polling need not be hot.
                "pekko.persistence.cassandra.query.refresh-interval",
                "1s"))) {
      String base = node.baseUrl();

      // 1. Direct and pipeline runs alternated, under the same conditions (the node up), so the
      //    noise of a 2-core box shared with Cassandra and Kafka shows in the spread.
      int rounds = Integer.getInteger("bench.rounds", 2);
      List<Double> directs = new ArrayList<>();
      List<Double> pipelines = new ArrayList<>();
      double cpuDirect0 = 0;
      double cpuDirect1 = 0;
      double cpuPipeline0 = 0;
      double cpuPipeline1 = 0;
      for (int round = 0; round <= rounds; round++) {
        double[] a = cpuSeconds();
        directs.add(direct(source, dir.resolve("direct"), ladder));
        double[] b = cpuSeconds();
        cpuDirect0 += b[0] - a[0];
        cpuDirect1 += b[1] - a[1];
        if (round == rounds) {
          break;
        }
        String id = createTitle(base, "Benchmark 1080p30 #" + round);
        long t0 = System.nanoTime();
        Http.Response up = Http.putFile(base + "/admin/titles/" + id + "/source", source);
        if (up.status() != 202) {
          throw new IllegalStateException("upload failed: " + up.body());
        }
        JsonNode done =
            last(
                MediaChecks.awaitStatus(
                    base, id, Duration.ofMinutes(30), Duration.ofSeconds(1), "packaged", "failed"));
        pipelines.add(secondsSince(t0));
        if (!"packaged".equals(done.get("status").asText())) {
          throw new IllegalStateException("pipeline failed: " + done);
        }
        double[] c = cpuSeconds();
        cpuPipeline0 += c[0] - b[0];
        cpuPipeline1 += c[1] - b[1];
      }
      double direct = mean(directs);
      double pipeline = mean(pipelines);
      System.out.printf(
          "direct ffmpeg:   %s s wall, mean %.1f s, realtime factor %.2fx%n",
          directs, direct, seconds / direct);
      System.out.printf(
          "whole pipeline:  %s s wall from upload start to packaged, mean %.1f s,"
              + " realtime factor %.2fx%n",
          pipelines, pipeline, seconds / pipeline);
      System.out.printf(
          "pipeline / direct: %.3f (overhead %.1f%%; goal at most 5%%)%n",
          pipeline / direct, (pipeline / direct - 1) * 100);
      System.out.printf(
          "CPU beside ffmpeg, per run: direct: node JVM %.1f s, Cassandra+Kafka %.1f s;"
              + " pipeline: node JVM %.1f s, Cassandra+Kafka %.1f s%n",
          cpuDirect0 / directs.size(),
          cpuDirect1 / directs.size(),
          cpuPipeline0 / pipelines.size(),
          cpuPipeline1 / pipelines.size());

      // 2. Ten titles at once.
      WorkerPool pool = node.node().media().orElseThrow().pool().orElseThrow();
      Path small = TestMedia.clip(dir, "bench-480p.mp4", 854, 480, 30, 10, true);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < titles; i++) {
        ids.add(createTitle(base, "Concurrent " + i));
      }
      AtomicInteger maxSeen = new AtomicInteger();
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(
          () -> maxSeen.accumulateAndGet(pool.running(), Math::max), 0, 50, TimeUnit.MILLISECONDS);
      t = System.nanoTime();
      List<CompletableFuture<Http.Response>> uploads = new ArrayList<>();
      for (String each : ids) {
        uploads.add(
            CompletableFuture.supplyAsync(
                () -> Http.putFile(base + "/admin/titles/" + each + "/source", small)));
      }
      for (CompletableFuture<Http.Response> u : uploads) {
        if (u.get().status() != 202) {
          throw new IllegalStateException("upload failed: " + u.get().body());
        }
      }
      int packaged = 0;
      for (String each : ids) {
        JsonNode m =
            last(MediaChecks.awaitStatus(base, each, Duration.ofMinutes(30), "packaged", "failed"));
        if ("packaged".equals(m.get("status").asText())) {
          packaged++;
        }
      }
      double all = secondsSince(t);
      sampler.shutdownNow();
      System.out.printf(
          "%d titles (10 s 480p each) submitted at once: %d packaged in %.1f s;"
              + " limit %d, most seen running %d (pool peak %d)%n",
          titles, packaged, all, pool.maxConcurrent(), maxSeen.get(), pool.peakRunning());
    }
    System.exit(0);
  }

  /** The pipeline's own ffmpeg command (same ladder, encryption, poster and thumbnails). */
  private static double direct(Path source, Path out, Ladder ladder) throws Exception {
    FileSystemObjectStore.deleteTree(out);
    ContentKey key = ContentKey.random();
    FfmpegCommand command =
        new FfmpegCommand(
            source,
            out,
            ladder,
            Optional.of(new Encryption(key.kidHex(), key.keyHex())),
            new Trickplay(10, 160, 5, 5));
    command.createOutputDirectories();
    long t = System.nanoTime();
    Process p =
        FfmpegBinaries.bundled()
            .ffmpegCommand(command.args())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("direct ffmpeg failed");
    }
    return secondsSince(t);
  }

  /** CPU seconds so far of this JVM (the node) and of the other java processes (the servers). */
  private static double[] cpuSeconds() {
    ProcessHandle self = ProcessHandle.current();
    double mine = cpu(self);
    double others =
        ProcessHandle.allProcesses()
            .filter(h -> !h.equals(self))
            .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
            .mapToDouble(TranscodeBenchmark::cpu)
            .sum();
    return new double[] {mine, others};
  }

  private static double cpu(ProcessHandle h) {
    return h.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(0.0);
  }

  private static String createTitle(String base, String name) {
    Http.Response r =
        Http.post(
            base + "/admin/titles",
            "{\"title\":\"" + name + "\",\"year\":2026,\"genres\":[\"Bench\"]}");
    if (r.status() != 201) {
      throw new IllegalStateException("create failed: " + r.body());
    }
    return r.json().get("id").asText();
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static JsonNode last(List<JsonNode> seen) {
    return seen.get(seen.size() - 1);
  }

  private static double secondsSince(long t) {
    return (System.nanoTime() - t) / 1e9;
  }
}

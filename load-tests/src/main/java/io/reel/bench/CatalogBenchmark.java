package io.reel.bench;

import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.Title;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleMetadata;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.write.catalog.ImportReport;
import io.reel.write.title.TitleReply;
import io.reel.write.title.TitleService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Prints figures, asserts nothing ({@code ./reel bench}): (1) the end-to-end import rate of the
 * whole catalog, from the first line read until the read model holds every title; (2) title update
 * command throughput and latency against the local Cassandra.
 */
public final class CatalogBenchmark {

  private CatalogBenchmark() {}

  public static void main(String[] args) throws Exception {
    int updates = Integer.getInteger("bench.updates", 20_000);
    int concurrency = Integer.getInteger("bench.concurrency", 64);
    Path catalog = CatalogImport.file();
    String keyspace = TestInfra.freshKeyspace(CatalogBenchmark.class);
    System.out.printf(
        "machine: %d cores, %s, Java %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        System.getProperty("java.version"));

    try (TestNode node = TestNode.start(keyspace, TestInfra.freshTopic("bench"))) {
      // 1. Import, end to end.
      long start = System.nanoTime();
      ImportReport.Progress p = CatalogImport.run(node, catalog);
      long commandsDone = System.nanoTime();
      long expected = p.created();
      long visible = 0;
      while (visible < expected) {
        Thread.sleep(250);
        visible = TestInfra.publishedTitles(keyspace);
      }
      long visibleAt = System.nanoTime();
      double commandSeconds = (commandsDone - start) / 1e9;
      double totalSeconds = (visibleAt - start) / 1e9;
      System.out.printf(
          "import: %,d lines, %,d titles created (%,d events)%n",
          p.lines(), p.created(), p.created() * 2);
      System.out.printf(
          "import: commands done in %.1f s (%.0f titles/s); read model complete after %.1f s"
              + " (%.0f titles/s end to end)%n",
          commandSeconds, p.created() / commandSeconds, totalSeconds, p.created() / totalSeconds);

      // 2. Update throughput and latency on existing titles.
      List<TitleId> ids = new ArrayList<>();
      TestInfra.session()
          .execute("SELECT title_id FROM " + keyspace + ".catalog_titles LIMIT 5000")
          .forEach(r -> ids.add(new TitleId(r.getLong(0))));
      TitleService titles = node.node().titles();
      long[] latencies = new long[updates];
      long updateStart = System.nanoTime();
      Source.range(0, updates - 1)
          .mapAsyncUnordered(
              concurrency,
              i -> {
                TitleId id = ids.get(i % ids.size());
                TitleMetadata m =
                    new TitleMetadata(
                        "Bench title " + i,
                        2000,
                        "rev " + i,
                        List.of(),
                        List.of("Bench"),
                        MaturityRating.PG);
                long t0 = System.nanoTime();
                return titles
                    .ask(id, new TitleCommand.UpdateMetadata(m))
                    .thenApply(
                        reply -> {
                          latencies[i] = System.nanoTime() - t0;
                          if (!(reply instanceof TitleReply.Accepted a)
                              || Title.metadataOf(a.state()) == null) {
                            throw new IllegalStateException("update refused: " + reply);
                          }
                          return reply;
                        });
              })
          .runWith(Sink.ignore(), node.system())
          .toCompletableFuture()
          .get(30, TimeUnit.MINUTES);
      double updateSeconds = (System.nanoTime() - updateStart) / 1e9;
      Percentiles latency = Percentiles.of(latencies);
      System.out.printf(
          "updates: %,d commands, concurrency %d, %.0f commands/s, p50 %.1f ms, p99 %.1f ms,"
              + " max %.1f ms%n",
          updates,
          concurrency,
          updates / updateSeconds,
          latency.ms(0.5),
          latency.ms(0.99),
          latency.ms(1.0));
      System.out.printf(
          "goal: whole dataset visible within 60 s -> %s (%.1f s)%n",
          totalSeconds <= 60 ? "met" : "NOT met", totalSeconds);
    }
    // The shared test session's driver threads would keep the JVM alive.
    System.exit(0);
  }
}

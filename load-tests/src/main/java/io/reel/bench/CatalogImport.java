package io.reel.bench;

import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.write.catalog.ImportReport;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Compression;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The shipped catalog imported into a node by its importer (what {@code POST /admin/imports} runs,
 * without the upload over loopback), shared by the benchmarks that need a full catalog.
 */
final class CatalogImport {

  private CatalogImport() {}

  /** {@code data/wikipedia-movies/movies.jsonl.gz} in the repository. */
  static Path file() {
    return TestInfra.repoRoot().resolve("data/wikipedia-movies/movies.jsonl.gz");
  }

  /** Imports {@code catalog}; returns once every import command is acknowledged. */
  static ImportReport.Progress run(TestNode node, Path catalog) throws Exception {
    ImportReport last =
        node.node()
            .importer()
            .orElseThrow()
            .run("bench", FileIO.fromPath(catalog).via(Compression.gunzip(64 * 1024)))
            .runWith(Sink.last(), node.system())
            .toCompletableFuture()
            .get(30, TimeUnit.MINUTES);
    if (last instanceof ImportReport.Progress p) {
      return p;
    }
    throw new IllegalStateException("the catalog import stopped: " + last);
  }
}

package io.reel.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.title.TitleEvent;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleMetadata;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The catalog that ships with Reel ({@code data/wikipedia-movies}) as title events, read the way
 * the catalog import reads it, and an index of it built once per test JVM. Public for load-tests'
 * {@code SearchBenchmark} (this module's test-jar); {@link #FILE} is relative to a module's
 * directory, which the benchmark runs in too.
 */
public final class ShippedCatalog {

  public static final Path FILE = Path.of("../data/wikipedia-movies/movies.jsonl.gz");

  /** Events per commit, as the feed applies them ({@code reel.search.batch-size}). */
  public static final int BATCH = 2000;

  /** One published title per valid line, with its line number as id (line 1 is id 1). */
  public record Entry(String id, TitleMetadata metadata) {}

  private static List<Entry> entries;
  private static SearchIndex index;

  private ShippedCatalog() {}

  public static synchronized List<Entry> entries() {
    if (entries != null) {
      return entries;
    }
    ObjectMapper mapper = new ObjectMapper();
    List<Entry> out = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(FILE)), StandardCharsets.UTF_8))) {
      String line;
      long n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        JsonNode node = mapper.readTree(line);
        TitleMetadata m =
            new TitleMetadata(
                node.path("title").asText(),
                node.path("year").asInt(),
                node.path("extract").asText(""),
                strings(node.get("cast")),
                strings(node.get("genres")),
                null);
        if (m.violations().isEmpty()) {
          out.add(new Entry(Long.toString(n), m));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    entries = List.copyOf(out);
    return entries;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  /** The whole catalog, published, in an index under {@code target/}; built once. */
  static synchronized SearchIndex index() {
    if (index != null) {
      return index;
    }
    Path dir = Path.of("target/shipped-catalog-index");
    IndexGeneration.deleteTree(dir);
    index = SearchIndex.open(dir, Clock.systemUTC());
    apply(index, published(), BATCH);
    return index;
  }

  /** Every entry as the Published event the feed would read: one tag, offsets in line order. */
  public static List<IndexGeneration.Envelope> published() {
    Instant at = Instant.parse("2026-12-01T00:00:00Z");
    List<IndexGeneration.Envelope> out = new ArrayList<>();
    long offset = 0;
    for (Entry e : entries()) {
      out.add(
          new IndexGeneration.Envelope(
              "title-0",
              String.format("%012d", ++offset),
              new TitleEvent.Published(TitleId.of(e.id()), e.metadata(), at),
              2));
    }
    return out;
  }

  /** Applies the events to the index's current generation in batches of {@code batch}. */
  public static void apply(SearchIndex index, List<IndexGeneration.Envelope> events, int batch) {
    for (int from = 0; from < events.size(); from += batch) {
      index.current().apply(events.subList(from, Math.min(from + batch, events.size())));
    }
  }
}

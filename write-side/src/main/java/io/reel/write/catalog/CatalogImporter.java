package io.reel.write.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleMetadata;
import io.reel.write.title.TitleReply;
import io.reel.write.title.TitleService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk import of a JSON-lines catalog (the format of the Wikipedia movies dataset). Lines stream
 * through with backpressure: at most {@code parallelism} titles are in flight, and the source is
 * read no faster than titles are written. A bad line is reported with its number and skipped.
 * Re-running an import finds each entry's title again through its import key (title, year,
 * Wikipedia page), so nothing is duplicated; entries repeated inside one file are counted as
 * duplicates of their first line.
 */
public final class CatalogImporter {

  private static final Logger log = LoggerFactory.getLogger(CatalogImporter.class);

  public record Settings(int parallelism, int maxLineBytes, int progressEvery) {}

  private final TitleService titles;
  private final ImportKeyStore keys;
  private final Supplier<TitleId> newId;
  private final ObjectMapper mapper;
  private final Settings settings;

  public CatalogImporter(
      TitleService titles,
      ImportKeyStore keys,
      Supplier<TitleId> newId,
      ObjectMapper mapper,
      Settings settings) {
    this.titles = titles;
    this.keys = keys;
    this.newId = newId;
    this.mapper = mapper;
    this.settings = settings;
  }

  /** One parsed line, or why it could not be. */
  private record Entry(long line, String key, TitleMetadata metadata, String error) {}

  private enum Result {
    CREATED,
    UPDATED,
    UNCHANGED,
    DUPLICATE,
    INVALID
  }

  private record Outcome(long line, Result result, String reason) {}

  public Source<ImportReport, NotUsed> run(String source, Source<ByteString, ?> bytes) {
    return Source.completionStageSource(
            keys.loadAll(source).thenApply(existing -> pipeline(source, bytes, existing)))
        .mapMaterializedValue(m -> NotUsed.getInstance());
  }

  private Source<ImportReport, NotUsed> pipeline(
      String source, Source<ByteString, ?> bytes, Map<String, TitleId> existing) {
    Map<String, Long> firstLineOf = new HashMap<>();
    Counters counters = new Counters(source, settings.progressEvery());
    Source<Outcome, ?> outcomes =
        bytes
            .via(
                Framing.delimiter(
                    ByteString.fromString("\n"), settings.maxLineBytes(), FramingTruncation.ALLOW))
            .zipWithIndex()
            // Blank lines yield nothing (stream elements may never be null).
            .mapConcat(p -> parse(p.first(), p.second() + 1).map(List::of).orElse(List.of()))
            .mapAsync(settings.parallelism(), e -> process(source, e, existing, firstLineOf));
    return outcomes
        .mapConcat(counters::add)
        .concatLazy(Source.lazySingle(counters::finish))
        .recover(
            new PFBuilder<Throwable, ImportReport>()
                .matchAny(
                    t -> {
                      String reason =
                          t instanceof FramingException
                              ? "a line after line "
                                  + counters.lines
                                  + " is longer than "
                                  + settings.maxLineBytes()
                                  + " bytes"
                              : String.valueOf(t.getMessage());
                      log.warn("import of {} stopped: {}", source, reason);
                      return new ImportReport.Failed(reason, counters.progress(true));
                    })
                .build())
        .mapMaterializedValue(m -> NotUsed.getInstance());
  }

  private Optional<Entry> parse(ByteString bytes, long line) {
    String text = bytes.decodeString(StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      return Optional.of(new Entry(line, null, null, "malformed JSON: " + e.getOriginalMessage()));
    }
    if (node == null || !node.isObject()) {
      return Optional.of(new Entry(line, null, null, "not a JSON object"));
    }
    JsonNode title = node.get("title");
    if (title == null || !title.isTextual() || title.asText().isBlank()) {
      return Optional.of(new Entry(line, null, null, "title is missing or not a string"));
    }
    JsonNode year = node.get("year");
    if (year == null || !year.canConvertToInt() || !year.isIntegralNumber()) {
      return Optional.of(new Entry(line, null, null, "year is missing or not an integer"));
    }
    List<String> cast = strings(node.get("cast"));
    List<String> genres = strings(node.get("genres"));
    if (cast == null || genres == null) {
      return Optional.of(new Entry(line, null, null, "cast and genres must be lists of strings"));
    }
    MaturityRating rating = null;
    JsonNode r = node.get("maturityRating");
    if (r != null && !r.isNull()) {
      rating = MaturityRating.parse(r.asText()).orElse(null);
      if (rating == null) {
        return Optional.of(new Entry(line, null, null, "unknown maturityRating " + r.asText()));
      }
    }
    String synopsis = node.hasNonNull("extract") ? node.get("extract").asText() : "";
    TitleMetadata metadata =
        new TitleMetadata(title.asText(), year.intValue(), synopsis, cast, genres, rating);
    List<String> violations = metadata.violations();
    if (!violations.isEmpty()) {
      return Optional.of(new Entry(line, null, null, String.join("; ", violations)));
    }
    String href = node.hasNonNull("href") ? node.get("href").asText() : "";
    return Optional.of(
        new Entry(
            line, metadata.title() + '\u001f' + metadata.year() + '\u001f' + href, metadata, null));
  }

  private static List<String> strings(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>(node.size());
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        return null;
      }
      out.add(n.asText());
    }
    return out;
  }

  /** Runs in stream order (mapAsync's function is called sequentially), so the maps are safe. */
  private CompletionStage<Outcome> process(
      String source, Entry e, Map<String, TitleId> existing, Map<String, Long> firstLineOf) {
    if (e.error() != null) {
      return CompletableFuture.completedFuture(new Outcome(e.line(), Result.INVALID, e.error()));
    }
    Long first = firstLineOf.putIfAbsent(e.key(), e.line());
    if (first != null) {
      return CompletableFuture.completedFuture(
          new Outcome(e.line(), Result.DUPLICATE, "duplicate of line " + first));
    }
    TitleId known = existing.get(e.key());
    CompletionStage<TitleId> id;
    if (known != null) {
      id = CompletableFuture.completedFuture(known);
    } else {
      TitleId fresh = newId.get();
      id = keys.save(source, e.key(), fresh).thenApply(done -> fresh);
    }
    return id.thenCompose(
            titleId -> titles.ask(titleId, new TitleCommand.Import(e.metadata(), e.key())))
        .thenApply(
            reply -> {
              if (reply instanceof TitleReply.Rejected r) {
                return new Outcome(e.line(), Result.INVALID, r.rejection().message());
              }
              int events = ((TitleReply.Accepted) reply).eventsPersisted();
              Result result =
                  events == 0 ? Result.UNCHANGED : known == null ? Result.CREATED : Result.UPDATED;
              return new Outcome(e.line(), result, null);
            });
  }

  /** Counts, and the reports they turn into. Used by one stream at a time. */
  private static final class Counters {
    private final String source;
    private final int every;
    private final long startNanos = System.nanoTime();
    long lines;
    long created;
    long updated;
    long unchanged;
    long duplicates;
    long invalid;

    Counters(String source, int every) {
      this.source = source;
      this.every = every;
    }

    List<ImportReport> add(Outcome o) {
      lines++;
      List<ImportReport> out = new ArrayList<>(2);
      switch (o.result()) {
        case CREATED -> created++;
        case UPDATED -> updated++;
        case UNCHANGED -> unchanged++;
        case DUPLICATE -> duplicates++;
        case INVALID -> invalid++;
      }
      if (o.reason() != null) {
        out.add(new ImportReport.LineSkipped(o.line(), o.reason()));
      }
      if (lines % every == 0) {
        ImportReport.Progress p = progress(false);
        log.info("import {}: {}", source, p);
        out.add(p);
      }
      return out;
    }

    ImportReport finish() {
      ImportReport.Progress p = progress(true);
      log.info("import {} done: {}", source, p);
      return p;
    }

    ImportReport.Progress progress(boolean done) {
      double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
      return new ImportReport.Progress(
          source,
          lines,
          created,
          updated,
          unchanged,
          duplicates,
          invalid,
          Math.round(lines / seconds * 10) / 10.0,
          done);
    }
  }
}

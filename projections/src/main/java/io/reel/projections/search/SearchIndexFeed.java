package io.reel.projections.search;

import com.typesafe.config.Config;
import io.reel.search.IndexGeneration;
import io.reel.search.SearchIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.TimeBasedUUID;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a node's title index from the journal: title events (published titles in, unpublished and
 * retired out, updates re-indexed) and playback starts (plays per title per day). Unlike the
 * cluster's projections this runs on every node with the {@code read} role, one feed per copy of
 * the index, and keeps no offsets in Cassandra: the offsets are committed with the index itself
 * ({@link IndexGeneration#apply}), so a restarted feed resumes exactly where its index stopped.
 *
 * <p>All tags are read at once and applied in batches on one thread per index, so Lucene's commits
 * never block a dispatcher. A failure restarts the feed with backoff from the offsets the index
 * holds.
 */
public final class SearchIndexFeed implements SearchIndex.Feeds {

  private static final Logger log = LoggerFactory.getLogger(SearchIndexFeed.class);

  /** {@code reel.search}. */
  public record Settings(
      Path dir, int batchSize, Duration batchWindow, Duration minBackoff, Duration maxBackoff) {

    public static Settings fromConfig(Config root) {
      Config c = root.getConfig("reel.search");
      return new Settings(
          Path.of(c.getString("dir")),
          c.getInt("batch-size"),
          c.getDuration("batch-window"),
          c.getDuration("restart-min-backoff"),
          c.getDuration("restart-max-backoff"));
    }
  }

  private final ActorSystem<?> system;
  private final Settings settings;
  private final List<String> tags;

  /**
   * @param tags every title tag and every playback tag
   */
  public SearchIndexFeed(ActorSystem<?> system, Settings settings, List<String> tags) {
    this.system = system;
    this.settings = settings;
    this.tags = List.copyOf(tags);
  }

  @Override
  public AutoCloseable start(IndexGeneration generation) {
    CassandraReadJournal journal =
        PersistenceQuery.get(system)
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    ExecutorService writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "search-index-gen-" + generation.number());
              t.setDaemon(true);
              return t;
            });
    RestartSettings restart =
        RestartSettings.create(settings.minBackoff(), settings.maxBackoff(), 0.2);
    UniqueKillSwitch stop =
        RestartSource.withBackoff(restart, () -> batches(journal, generation, writer))
            .viaMat(KillSwitches.single(), Keep.right())
            .to(Sink.ignore())
            .run(system);
    log.info("search index generation {} feeding from {} tags", generation.number(), tags.size());
    return () -> {
      stop.shutdown();
      writer.shutdown();
    };
  }

  private Source<Integer, NotUsed> batches(
      CassandraReadJournal journal, IndexGeneration generation, ExecutorService writer) {
    Map<String, String> from = generation.offsets();
    return Source.from(tags)
        .flatMapMerge(
            tags.size(),
            tag -> journal.eventsByTag(tag, offset(from.get(tag))).map(e -> envelope(tag, e)))
        .groupedWithin(settings.batchSize(), settings.batchWindow())
        .mapAsync(
            1,
            batch ->
                CompletableFuture.supplyAsync(
                    () -> {
                      generation.apply(batch);
                      return batch.size();
                    },
                    writer));
  }

  private static Offset offset(String stored) {
    return stored == null ? Offset.noOffset() : Offset.timeBasedUUID(UUID.fromString(stored));
  }

  private static IndexGeneration.Envelope envelope(String tag, EventEnvelope e) {
    String offset =
        e.offset() instanceof TimeBasedUUID t ? t.value().toString() : e.offset().toString();
    return new IndexGeneration.Envelope(tag, offset, e.event(), e.sequenceNr());
  }
}

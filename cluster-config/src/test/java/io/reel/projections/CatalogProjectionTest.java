package io.reel.projections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.ConfigFactory;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.TitleEvent;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleMetadata;
import io.reel.projections.catalog.CassandraCatalogRepository;
import io.reel.projections.catalog.CatalogProjectionHandler;
import io.reel.testing.TestInfra;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.testkit.javadsl.ProjectionTestKit;
import org.apache.pekko.projection.testkit.javadsl.TestProjection;
import org.apache.pekko.projection.testkit.javadsl.TestSourceProvider;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog handler with the projection test kit, writing to the real Cassandra read model:
 * events in, tables out; and the replay test: the same envelopes applied twice (as at-least-once
 * delivery may) give the same read model.
 */
class CatalogProjectionTest {

  private static ActorTestKit testKit;
  private static ProjectionTestKit projectionTestKit;
  private static String keyspace;
  private static CassandraCatalogRepository repository;

  private static final Instant T = Instant.parse("2026-12-05T09:00:00Z");
  private static final TitleId A = new TitleId(1001);
  private static final TitleId B = new TitleId(1002);
  private static final TitleMetadata A1 =
      new TitleMetadata(
          "Nosferatu",
          1922,
          "A vampire.",
          List.of("Max Schreck"),
          List.of("Horror", "Silent"),
          MaturityRating.NR);
  private static final TitleMetadata A2 =
      new TitleMetadata(
          "Nosferatu (restored)", 1922, "", List.of(), List.of("Horror"), MaturityRating.PG_13);
  private static final TitleMetadata B1 =
      new TitleMetadata("Heat", 1995, "", List.of(), List.of("Crime"), MaturityRating.R);

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("CatalogProjectionTest", ConfigFactory.load());
    projectionTestKit = ProjectionTestKit.create(testKit.system());
    keyspace = TestInfra.freshKeyspace(CatalogProjectionTest.class);
    repository = new CassandraCatalogRepository(TestInfra.session(), keyspace);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static EventEnvelope<TitleEvent> envelope(long offset, long seqNr, TitleEvent event) {
    return EventEnvelope.create(
        Offset.sequence(offset), "Title|" + event.titleId(), seqNr, event, T.toEpochMilli());
  }

  private static final List<EventEnvelope<TitleEvent>> EVENTS =
      List.of(
          envelope(1, 1, new TitleEvent.Created(A, A1, null, T)),
          envelope(2, 2, new TitleEvent.Published(A, A1, T.plusSeconds(1))),
          envelope(3, 1, new TitleEvent.Created(B, B1, null, T)),
          envelope(4, 3, new TitleEvent.MetadataUpdated(A, A2, T.plusSeconds(2))),
          envelope(5, 2, new TitleEvent.Published(B, B1, T.plusSeconds(3))),
          envelope(6, 3, new TitleEvent.Unpublished(B, T.plusSeconds(4))));

  /** Runs the handler over exactly these envelopes, waiting for each to be processed. */
  private static void run(List<EventEnvelope<TitleEvent>> events, Runnable assertions) {
    Source<EventEnvelope<TitleEvent>, NotUsed> source = Source.from(events);
    TestProjection<Offset, EventEnvelope<TitleEvent>> projection =
        TestProjection.create(
            ProjectionId.of("catalog-test", UUID.randomUUID().toString()),
            TestSourceProvider.create(source, EventEnvelope::offset),
            () -> new CatalogProjectionHandler(repository));
    projectionTestKit.runWithTestSink(
        projection,
        probe -> {
          probe.request(events.size());
          probe.expectNextN(events.size());
        });
    assertions.run();
  }

  /** Every row of every catalog table, as text, in a stable order. */
  private static TreeMap<String, List<String>> readModel() {
    TreeMap<String, List<String>> all = new TreeMap<>();
    for (String table :
        List.of(
            "catalog_titles",
            "catalog_by_genre",
            "catalog_by_decade",
            "catalog_newest",
            "catalog_genres")) {
      List<String> rows = new ArrayList<>();
      for (Row r : TestInfra.session().execute("SELECT * FROM " + keyspace + "." + table)) {
        rows.add(r.getFormattedContents());
      }
      rows.sort(String::compareTo);
      all.put(table, rows);
    }
    return all;
  }

  private static long count(String cql) {
    return TestInfra.session().execute(cql).one().getLong(0);
  }

  @Test
  void eventsBuildTheReadModelAndReplaysChangeNothing() throws Exception {
    run(
        EVENTS,
        () -> {
          var a = repository.find(A).toCompletableFuture().join().orElseThrow();
          assertEquals(A2, a.metadata());
          assertEquals(3, a.seqNr());
          assertTrue(a.published());
          var b = repository.find(B).toCompletableFuture().join().orElseThrow();
          assertTrue(!b.published());
        });
    // A is published under its new metadata only: the old Silent genre entry is gone.
    assertEquals(
        1, count("SELECT COUNT(*) FROM " + keyspace + ".catalog_by_genre WHERE genre = 'Horror'"));
    assertEquals(
        0, count("SELECT COUNT(*) FROM " + keyspace + ".catalog_by_genre WHERE genre = 'Silent'"));
    // B was unpublished: in no index.
    assertEquals(
        0, count("SELECT COUNT(*) FROM " + keyspace + ".catalog_by_genre WHERE genre = 'Crime'"));
    assertEquals(
        0, count("SELECT COUNT(*) FROM " + keyspace + ".catalog_by_decade WHERE decade = 1990"));
    assertEquals(
        1, count("SELECT COUNT(*) FROM " + keyspace + ".catalog_by_decade WHERE decade = 1920"));

    TreeMap<String, List<String>> once = readModel();
    // Replay everything (a fresh projection id has no offset), then a redelivered older event.
    run(EVENTS, () -> {});
    run(List.of(EVENTS.get(1), EVENTS.get(0)), () -> {});
    assertEquals(once, readModel());
  }
}

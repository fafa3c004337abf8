package io.reel.projections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.personal.PersonalEvent;
import io.reel.domain.personal.Rating;
import io.reel.domain.playback.PlaybackEvent;
import io.reel.projections.personal.PersonalRowsHandler;
import io.reel.projections.personal.ProfileRowsStore;
import io.reel.projections.personal.WatchingRowsHandler;
import io.reel.read.personal.ProfileRowQueries;
import io.reel.read.personal.ProfileRowQueries.Watched;
import io.reel.testing.TestInfra;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The personal projections' handlers against the real Cassandra read model: the rows a profile's
 * events make, and the replay test: the same events twice, or in reverse order (the two streams,
 * personal and playback, interleave in any order), give the same rows.
 */
class ProfileRowsProjectionTest {

  private static final Instant T = Instant.parse("2026-12-07T09:00:00Z");
  private static final String ACCOUNT = "4242";
  private static PersonalRowsHandler personal;
  private static WatchingRowsHandler watching;
  private static ProfileRowQueries queries;

  @BeforeAll
  static void start() {
    String keyspace = TestInfra.freshKeyspace(ProfileRowsProjectionTest.class);
    ProfileRowsStore store = new ProfileRowsStore(TestInfra.session(), keyspace);
    personal = new PersonalRowsHandler(store);
    watching = new WatchingRowsHandler(store);
    queries = new ProfileRowQueries(TestInfra.session(), keyspace);
  }

  /** One profile's history: lists, ratings, plays, a removal from the row and from history. */
  private static List<Object> history(String p) {
    return List.of(
        new PersonalEvent.Listed(ACCOUNT, p, "1", "a1", T),
        new PersonalEvent.Listed(ACCOUNT, p, "2", "a2", T.plusSeconds(1)),
        new PersonalEvent.Unlisted(ACCOUNT, p, "1", List.of("a1"), T.plusSeconds(2)),
        new PersonalEvent.Listed(ACCOUNT, p, "3", "a3", T.plusSeconds(3)),
        new PersonalEvent.Rated(ACCOUNT, p, "2", Rating.UP, T.plusSeconds(4)),
        new PersonalEvent.Rated(ACCOUNT, p, "2", Rating.LOVE, T.plusSeconds(5)),
        new PersonalEvent.Rated(ACCOUNT, p, "4", Rating.DOWN, T.plusSeconds(6)),
        // Title 10 in progress at 40 %.
        new PlaybackEvent.PositionSaved(ACCOUNT, "s1", p, "10", 30, 100, T.plusSeconds(10)),
        new PlaybackEvent.SessionEnded(
            ACCOUNT, "s1", p, "10", 40, 100, PlaybackEvent.EndReason.STOPPED, T.plusSeconds(11)),
        // Title 11 finished.
        new PlaybackEvent.SessionEnded(
            ACCOUNT, "s2", p, "11", 99, 100, PlaybackEvent.EndReason.STOPPED, T.plusSeconds(12)),
        // Title 12 taken off the row, then played again: back on the row.
        new PlaybackEvent.SessionEnded(
            ACCOUNT, "s3", p, "12", 20, 100, PlaybackEvent.EndReason.STOPPED, T.plusSeconds(13)),
        new PersonalEvent.RowDismissed(ACCOUNT, p, "12", T.plusSeconds(14)),
        new PlaybackEvent.PositionSaved(ACCOUNT, "s4", p, "12", 25, 100, T.plusSeconds(15)),
        // Title 13 taken off the row and deleted from history.
        new PlaybackEvent.SessionEnded(
            ACCOUNT, "s5", p, "13", 50, 100, PlaybackEvent.EndReason.EXPIRED, T.plusSeconds(16)),
        new PersonalEvent.RowDismissed(ACCOUNT, p, "13", T.plusSeconds(17)),
        new PersonalEvent.HistoryDeleted(ACCOUNT, p, "13", T.plusSeconds(18)));
  }

  /** Each event with its sequence number: its place in its entity's stream. */
  private record Numbered(long seqNr, Object event) {}

  private static List<Numbered> numbered(List<Object> events) {
    List<Numbered> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      out.add(new Numbered(i + 1, events.get(i)));
    }
    return out;
  }

  private static void apply(List<Numbered> events) {
    for (Numbered n : events) {
      long seqNr = n.seqNr();
      if (n.event() instanceof PersonalEvent pe) {
        personal
            .process(
                EventEnvelope.create(
                    Offset.sequence(seqNr), "Personal|x", seqNr, pe, T.toEpochMilli()))
            .toCompletableFuture()
            .join();
      } else {
        watching
            .process(
                EventEnvelope.create(
                    Offset.sequence(seqNr),
                    "Playback|x",
                    seqNr,
                    (PlaybackEvent) n.event(),
                    T.toEpochMilli()))
            .toCompletableFuture()
            .join();
      }
    }
  }

  private record Rows(
      List<ProfileRowQueries.Listed> list, Map<String, Rating> ratings, List<Watched> watched) {}

  private static Rows rows(String p) {
    return new Rows(
        queries.list(ACCOUNT, p).toCompletableFuture().join(),
        queries.ratings(ACCOUNT, p).toCompletableFuture().join(),
        queries.watched(ACCOUNT, p).toCompletableFuture().join());
  }

  @Test
  void eventsMakeTheRowsAViewerExpects() {
    apply(numbered(history("once")));
    Rows r = rows("once");
    assertEquals(
        List.of("3", "2"), r.list().stream().map(ProfileRowQueries.Listed::titleId).toList());
    assertEquals(Map.of("2", Rating.LOVE, "4", Rating.DOWN), r.ratings());
    List<String> inProgress =
        r.watched().stream().filter(Watched::inProgress).map(Watched::titleId).toList();
    assertEquals(List.of("12", "10"), inProgress, "last watched first");
    Watched ten = r.watched().stream().filter(w -> w.titleId().equals("10")).findFirst().get();
    assertEquals(40, ten.percent());
    Watched eleven = r.watched().stream().filter(w -> w.titleId().equals("11")).findFirst().get();
    assertTrue(eleven.finished());
    assertTrue(eleven.inHistory());
    Watched thirteen = r.watched().stream().filter(w -> w.titleId().equals("13")).findFirst().get();
    assertFalse(thirteen.inProgress());
    assertFalse(thirteen.inHistory());
  }

  @Test
  void theSameEventsTwiceOrInReverseGiveTheSameRows() {
    apply(numbered(history("a")));
    Rows once = rows("a");
    apply(numbered(history("a")));
    assertEquals(once, rows("a"));

    List<Numbered> reversed = new ArrayList<>(numbered(history("b")));
    Collections.reverse(reversed);
    apply(reversed);
    Rows b = rows("b");
    assertEquals(once.list(), b.list());
    assertEquals(once.ratings(), b.ratings());
    assertEquals(once.watched(), b.watched());
  }
}

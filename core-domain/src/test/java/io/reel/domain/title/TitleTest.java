package io.reel.domain.title;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, expect events (or a rejection). */
class TitleTest {

  private static final TitleId ID = new TitleId(42);
  private static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-12-01T11:00:00Z");
  private static final TitleMetadata METROPOLIS =
      new TitleMetadata(
          "Metropolis",
          1927,
          "A futuristic city.",
          List.of("Brigitte Helm"),
          List.of("Science Fiction", "Silent"),
          MaturityRating.NR);
  private static final TitleMetadata RENAMED =
      new TitleMetadata(
          "Metropolis (restored)", 1927, "", List.of(), List.of("Silent"), MaturityRating.PG);

  private static List<TitleEvent> when(List<TitleEvent> given, TitleCommand command) {
    Decision<TitleEvent> d = Title.decide(ID, Title.replay(given), command, T2);
    assertInstanceOf(Decision.Accepted.class, d, () -> "rejected: " + d);
    return ((Decision.Accepted<TitleEvent>) d).events();
  }

  private static Rejection rejected(List<TitleEvent> given, TitleCommand command) {
    Decision<TitleEvent> d = Title.decide(ID, Title.replay(given), command, T2);
    return assertInstanceOf(Decision.Rejected.class, d, () -> "accepted: " + d).rejection();
  }

  private static final TitleEvent CREATED = new TitleEvent.Created(ID, METROPOLIS, null, T1);
  private static final TitleEvent PUBLISHED = new TitleEvent.Published(ID, METROPOLIS, T1);

  @Test
  void createEmitsCreated() {
    assertEquals(
        List.of(new TitleEvent.Created(ID, METROPOLIS, null, T2)),
        when(List.of(), new TitleCommand.Create(METROPOLIS)));
  }

  @Test
  void createTwiceIsAConflict() {
    assertEquals(
        Rejection.Kind.CONFLICT,
        rejected(List.of(CREATED), new TitleCommand.Create(METROPOLIS)).kind());
  }

  @Test
  void invalidMetadataIsRejectedWithEveryViolation() {
    TitleMetadata bad =
        new TitleMetadata(
            " ",
            1700,
            "x".repeat(TitleMetadata.MAX_SYNOPSIS_LENGTH + 1),
            Collections.nCopies(1, "y".repeat(300)),
            null,
            null);
    Rejection r = rejected(List.of(), new TitleCommand.Create(bad));
    assertEquals(Rejection.Kind.INVALID, r.kind());
    assertEquals(4, r.details().size(), r.details().toString());
  }

  @Test
  void commandsOnAnUnknownTitleAreNotFound() {
    for (TitleCommand c :
        List.of(
            new TitleCommand.Publish(),
            new TitleCommand.Unpublish(),
            new TitleCommand.Retire(),
            new TitleCommand.UpdateMetadata(METROPOLIS))) {
      assertEquals(Rejection.Kind.NOT_FOUND, rejected(List.of(), c).kind(), c.toString());
    }
  }

  @Test
  void publishCarriesTheCurrentMetadataAndIsIdempotent() {
    TitleEvent updated = new TitleEvent.MetadataUpdated(ID, RENAMED, T1);
    assertEquals(
        List.of(new TitleEvent.Published(ID, RENAMED, T2)),
        when(List.of(CREATED, updated), new TitleCommand.Publish()));
    assertEquals(List.of(), when(List.of(CREATED, PUBLISHED), new TitleCommand.Publish()));
  }

  @Test
  void updateWithEqualMetadataEmitsNothing() {
    assertEquals(List.of(), when(List.of(CREATED), new TitleCommand.UpdateMetadata(METROPOLIS)));
    assertEquals(
        List.of(new TitleEvent.MetadataUpdated(ID, RENAMED, T2)),
        when(List.of(CREATED, PUBLISHED), new TitleCommand.UpdateMetadata(RENAMED)));
  }

  @Test
  void unpublishReturnsToDraft() {
    List<TitleEvent> given = new ArrayList<>(List.of(CREATED, PUBLISHED));
    List<TitleEvent> events = when(given, new TitleCommand.Unpublish());
    assertEquals(List.of(new TitleEvent.Unpublished(ID, T2)), events);
    given.addAll(events);
    assertInstanceOf(TitleState.Draft.class, Title.replay(given));
    assertEquals(List.of(), when(given, new TitleCommand.Unpublish()));
  }

  @Test
  void retiredTitlesRefuseChangesButRetireIsIdempotent() {
    List<TitleEvent> given = List.of(CREATED, PUBLISHED, new TitleEvent.Retired(ID, T1));
    TitleState state = Title.replay(given);
    assertInstanceOf(TitleState.Retired.class, state);
    assertEquals(METROPOLIS, Title.metadataOf(state));
    assertEquals(Rejection.Kind.CONFLICT, rejected(given, new TitleCommand.Publish()).kind());
    assertEquals(
        Rejection.Kind.CONFLICT, rejected(given, new TitleCommand.UpdateMetadata(RENAMED)).kind());
    assertEquals(List.of(), when(given, new TitleCommand.Retire()));
  }

  @Test
  void importCreatesAndPublishesOnceThenOnlyUpdatesChanges() {
    TitleCommand.Import imp = new TitleCommand.Import(METROPOLIS, "k1");
    List<TitleEvent> first = when(List.of(), imp);
    assertEquals(
        List.of(
            new TitleEvent.Created(ID, METROPOLIS, "k1", T2),
            new TitleEvent.Published(ID, METROPOLIS, T2)),
        first);
    TitleState live = Title.replay(first);
    TitleState.Live l = assertInstanceOf(TitleState.Live.class, live);
    assertEquals("k1", l.importKey());
    assertEquals(List.of(), when(first, imp));
    assertEquals(
        List.of(new TitleEvent.MetadataUpdated(ID, RENAMED, T2)),
        when(first, new TitleCommand.Import(RENAMED, "k1")));
  }

  @Test
  void reimportNeverResurrectsARetiredTitle() {
    List<TitleEvent> given = List.of(CREATED, new TitleEvent.Retired(ID, T1));
    assertEquals(List.of(), when(given, new TitleCommand.Import(RENAMED, "k1")));
  }

  @Test
  void evolveKeepsCreationTimeAndTracksPublication() {
    TitleState s =
        Title.replay(List.of(CREATED, new TitleEvent.MetadataUpdated(ID, RENAMED, T2), PUBLISHED));
    TitleState.Live l = assertInstanceOf(TitleState.Live.class, s);
    assertEquals(T1, l.createdAt());
    assertEquals(T2, l.updatedAt());
    assertEquals(RENAMED, l.metadata());
  }

  @Test
  void metadataIsNormalised() {
    TitleMetadata m =
        new TitleMetadata(
            "  Heat ", 1995, null, List.of("Al Pacino", " Al Pacino", ""), null, null);
    assertEquals("Heat", m.title());
    assertEquals(List.of("Al Pacino"), m.cast());
    assertEquals(MaturityRating.NR, m.maturityRating());
    assertEquals(1990, m.decade());
    assertTrue(m.violations().isEmpty());
  }

  @Test
  void titleIdsParseOnlyPositiveDecimals() {
    assertEquals(new TitleId(123), TitleId.parse("123").orElseThrow());
    for (String hostile :
        List.of("", "0", "-1", "12a", "../etc", "99999999999999999999", "１２３", "1e5")) {
      assertTrue(TitleId.parse(hostile).isEmpty(), hostile);
    }
  }

  @Test
  void tagsAreStableAndInRange() {
    TitleTags tags = new TitleTags(4);
    assertEquals(List.of("title-0", "title-1", "title-2", "title-3"), tags.all());
    assertEquals(tags.tagFor(ID), new TitleTags(4).tagFor(new TitleId(42)));
    long distinct =
        java.util.stream.LongStream.rangeClosed(1, 1000)
            .mapToObj(i -> tags.tagFor(new TitleId(i)))
            .distinct()
            .count();
    assertEquals(4, distinct);
  }
}

package io.reel.domain.personal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.Decision;
import io.reel.domain.title.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersonalTest {

  private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
  private static final String A = "100";
  private static final String P = "main";

  private static PersonalState run(PersonalState state, PersonalCommand command) {
    Decision<PersonalEvent> d = Personal.decide(A, P, state, command);
    assertInstanceOf(Decision.Accepted.class, d, () -> d.toString());
    PersonalState s = state;
    for (PersonalEvent e : ((Decision.Accepted<PersonalEvent>) d).events()) {
      s = Personal.evolve(s, e);
    }
    return s;
  }

  private static List<PersonalEvent> events(PersonalState state, PersonalCommand command) {
    return ((Decision.Accepted<PersonalEvent>) Personal.decide(A, P, state, command)).events();
  }

  @Test
  void addingAndRemovingAreIdempotent() {
    PersonalState s = run(PersonalState.EMPTY, new PersonalCommand.Add("7", "a1", T));
    assertTrue(s.listed("7"));
    assertEquals(List.of(), events(s, new PersonalCommand.Add("7", "a2", T.plusSeconds(1))));
    s = run(s, new PersonalCommand.Remove("7", T.plusSeconds(2)));
    assertFalse(s.listed("7"));
    assertEquals(List.of(), events(s, new PersonalCommand.Remove("7", T.plusSeconds(3))));
  }

  @Test
  void aRemoveTakesOnlyTheAddsItSawSoAConcurrentAddSurvivesAMerge() {
    PersonalState s = run(PersonalState.EMPTY, new PersonalCommand.Add("7", "a1", T));
    PersonalEvent.Unlisted removed =
        (PersonalEvent.Unlisted)
            events(s, new PersonalCommand.Remove("7", T.plusSeconds(2))).get(0);
    assertEquals(List.of("a1"), removed.addIds());
    // Another replica added the same title concurrently (add id a2); the merge applies both.
    PersonalState merged =
        Personal.evolve(
            Personal.evolve(s, new PersonalEvent.Listed(A, P, "7", "a2", T.plusSeconds(1))),
            removed);
    assertTrue(merged.listed("7"));
    assertEquals(Set.of("a2"), merged.list().get("7").addIds());
  }

  @Test
  void theListIsCapped() {
    PersonalState s = PersonalState.EMPTY;
    for (int i = 1; i <= Personal.MAX_LIST; i++) {
      s = Personal.evolve(s, new PersonalEvent.Listed(A, P, Integer.toString(i), "a" + i, T));
    }
    Decision<PersonalEvent> d = Personal.decide(A, P, s, new PersonalCommand.Add("999999", "x", T));
    assertEquals(
        Rejection.Kind.CONFLICT, ((Decision.Rejected<PersonalEvent>) d).rejection().kind());
    // A title already listed is still fine: nothing changes.
    assertEquals(List.of(), events(s, new PersonalCommand.Add("1", "y", T)));
  }

  @Test
  void aRatingChangesAndCanBeTakenBack() {
    PersonalState s = run(PersonalState.EMPTY, new PersonalCommand.Rate("7", Rating.UP, T));
    assertEquals(Rating.UP, s.ratings().get("7"));
    assertEquals(List.of(), events(s, new PersonalCommand.Rate("7", Rating.UP, T)));
    s = run(s, new PersonalCommand.Rate("7", Rating.DOWN, T.plusSeconds(1)));
    assertEquals(Rating.DOWN, s.ratings().get("7"));
    s = run(s, new PersonalCommand.Unrate("7", T.plusSeconds(2)));
    assertFalse(s.ratings().containsKey("7"));
    assertEquals(List.of(), events(s, new PersonalCommand.Unrate("7", T.plusSeconds(3))));
  }

  @Test
  void badInputIsRefusedAsInvalid() {
    for (PersonalCommand c :
        List.of(
            new PersonalCommand.Add("not-a-title", "a", T),
            new PersonalCommand.Add("0042", "a", T),
            new PersonalCommand.Add("7", "", T),
            new PersonalCommand.Rate("7", null, T),
            new PersonalCommand.Dismiss("../etc", T))) {
      Decision<PersonalEvent> d = Personal.decide(A, P, PersonalState.EMPTY, c);
      assertEquals(
          Rejection.Kind.INVALID,
          ((Decision.Rejected<PersonalEvent>) d).rejection().kind(),
          c.toString());
    }
  }

  @Test
  void ratingsParseFromTheirWireNamesOnly() {
    assertEquals(Rating.LOVE, Rating.parse(" Love ").orElseThrow());
    assertTrue(Rating.parse("meh").isEmpty());
    assertTrue(Rating.parse(null).isEmpty());
  }
}

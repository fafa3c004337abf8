package io.reel.write.personal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.personal.PersonalCommand;
import io.reel.domain.personal.PersonalEvent;
import io.reel.domain.personal.PersonalState;
import io.reel.domain.personal.PersonalTags;
import io.reel.domain.personal.Rating;
import io.reel.domain.title.Rejection;
import io.reel.write.EntityTestKits;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A profile's list and ratings as an entity, with the real serialization config (the test kit
 * round-trips every command, event, reply and state) and a restart from the journal.
 */
class PersonalEntityTest {

  private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
  private static ActorTestKit testKit;
  private EventSourcedBehaviorTestKit<PersonalEntity.Command, PersonalEvent, PersonalState> entity;

  @BeforeAll
  static void start() {
    testKit = EntityTestKits.create("PersonalEntityTest");
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    entity =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            PersonalEntity.create(PersonalEntity.entityId("4242", "kid_1"), new PersonalTags(4)));
  }

  private CommandResultWithReply<
          PersonalEntity.Command, PersonalEvent, PersonalState, PersonalReply>
      send(PersonalCommand command) {
    return entity.runCommand(replyTo -> new PersonalEntity.Handle(command, replyTo));
  }

  @Test
  void listAndRatingsSurviveARestartAndRepeatsChangeNothing() {
    var added = send(new PersonalCommand.Add("7", "a1", T));
    assertEquals(List.of(new PersonalEvent.Listed("4242", "kid_1", "7", "a1", T)), added.events());
    assertTrue(send(new PersonalCommand.Add("7", "a2", T)).hasNoEvents());
    send(new PersonalCommand.Add("8", "a3", T.plusSeconds(1)));
    send(new PersonalCommand.Remove("8", T.plusSeconds(2)));
    send(new PersonalCommand.Rate("7", Rating.LOVE, T.plusSeconds(3)));
    send(new PersonalCommand.Dismiss("9", T.plusSeconds(4)));

    entity.restart();
    PersonalState state =
        assertInstanceOf(PersonalReply.Accepted.class, send(new PersonalCommand.Get()).reply())
            .state();
    assertEquals(List.of("7"), List.copyOf(state.list().keySet()));
    assertEquals(Rating.LOVE, state.ratings().get("7"));
  }

  @Test
  void aRefusalIsAReplyNotAnEvent() {
    var refused = send(new PersonalCommand.Rate("not-a-title", Rating.UP, T));
    assertTrue(refused.hasNoEvents());
    assertEquals(
        Rejection.Kind.INVALID,
        assertInstanceOf(PersonalReply.Rejected.class, refused.reply()).rejection().kind());
  }

  @Test
  void eventsCarryTheAccountAndProfileOfTheEntityId() {
    PersonalEvent e = send(new PersonalCommand.Add("7", "a1", T)).event();
    assertEquals("4242", e.accountId());
    assertEquals("kid_1", e.profileId());
  }
}

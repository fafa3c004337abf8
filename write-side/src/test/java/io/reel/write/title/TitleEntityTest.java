package io.reel.write.title;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.Rejection;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleEvent;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleMetadata;
import io.reel.domain.title.TitleState;
import io.reel.domain.title.TitleTags;
import io.reel.write.EntityTestKits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The entity with the real serialization config: every command, event, reply and state goes through
 * jackson-cbor and back (the test kit verifies it).
 */
class TitleEntityTest {

  private static final TitleId ID = new TitleId(7_000_001L);
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private static final TitleMetadata METADATA =
      new TitleMetadata(
          "Sunrise: A Song of Two Humans",
          1927,
          "A married farmer falls under the spell of a woman from the city.",
          List.of("George O'Brien", "Janet Gaynor", "Stellan Skarsgård"),
          List.of("Drama", "Silent"),
          MaturityRating.PG);

  private static ActorTestKit testKit;
  private EventSourcedBehaviorTestKit<TitleEntity.Command, TitleEvent, TitleState> entity;

  @BeforeAll
  static void start() {
    testKit = EntityTestKits.create("TitleEntityTest");
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
            TitleEntity.create(ID, new TitleTags(4), Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  private CommandResultWithReply<TitleEntity.Command, TitleEvent, TitleState, TitleReply> send(
      TitleCommand command) {
    return entity.runCommand(replyTo -> new TitleEntity.Handle(command, replyTo));
  }

  @Test
  void createPublishUpdateRetire() {
    var created = send(new TitleCommand.Create(METADATA));
    assertEquals(List.of(new TitleEvent.Created(ID, METADATA, null, NOW)), created.events());
    assertEquals(1, assertInstanceOf(TitleReply.Accepted.class, created.reply()).eventsPersisted());

    var published = send(new TitleCommand.Publish());
    assertEquals(List.of(new TitleEvent.Published(ID, METADATA, NOW)), published.events());
    assertInstanceOf(TitleState.Live.class, published.state());

    TitleMetadata renamed =
        new TitleMetadata("Sunrise", 1927, "", List.of(), List.of("Drama"), MaturityRating.PG);
    var updated = send(new TitleCommand.UpdateMetadata(renamed));
    assertEquals(List.of(new TitleEvent.MetadataUpdated(ID, renamed, NOW)), updated.events());

    var retired = send(new TitleCommand.Retire());
    assertEquals(List.of(new TitleEvent.Retired(ID, NOW)), retired.events());
    assertInstanceOf(TitleState.Retired.class, retired.state());
  }

  @Test
  void rejectionsAreRepliesAndPersistNothing() {
    var missing = send(new TitleCommand.Publish());
    assertEquals(List.of(), missing.events());
    assertEquals(
        Rejection.Kind.NOT_FOUND,
        assertInstanceOf(TitleReply.Rejected.class, missing.reply()).rejection().kind());

    send(new TitleCommand.Create(METADATA));
    var invalid =
        send(new TitleCommand.UpdateMetadata(new TitleMetadata("", 3000, null, null, null, null)));
    assertEquals(List.of(), invalid.events());
    Rejection r = assertInstanceOf(TitleReply.Rejected.class, invalid.reply()).rejection();
    assertEquals(Rejection.Kind.INVALID, r.kind());
    assertEquals(2, r.details().size());
  }

  @Test
  void stateSurvivesARestart() {
    send(new TitleCommand.Import(METADATA, "Sunrise\u001f1927\u001fSunrise_(film)"));
    entity.restart();
    var again = send(new TitleCommand.Import(METADATA, "Sunrise\u001f1927\u001fSunrise_(film)"));
    assertEquals(List.of(), again.events());
    TitleState.Live live = assertInstanceOf(TitleState.Live.class, again.state());
    assertEquals(METADATA, live.metadata());
    assertEquals(0, assertInstanceOf(TitleReply.Accepted.class, again.reply()).eventsPersisted());
  }
}

package io.reel.write.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.playback.Playback;
import io.reel.domain.playback.PlaybackCommand;
import io.reel.domain.playback.PlaybackEvent;
import io.reel.domain.playback.PlaybackState;
import io.reel.domain.playback.Qoe;
import io.reel.write.EntityTestKits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The entity with the real serialization config: the test kit round-trips every message. */
class PlaybackEntityTest {

  private static final Instant T0 = Instant.parse("2026-12-01T20:00:00Z");
  private static final PlaybackSettings SETTINGS =
      new PlaybackSettings(
          4,
          Duration.ofSeconds(5),
          Optional.empty(),
          new Playback.Rules(Duration.ofSeconds(60), Duration.ofSeconds(30)));

  private static ActorTestKit testKit;
  private EventSourcedBehaviorTestKit<PlaybackEntity.Command, PlaybackEvent, PlaybackState> entity;

  @BeforeAll
  static void start() {
    testKit = EntityTestKits.create("PlaybackEntityTest");
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
            PlaybackEntity.create("acc-1", SETTINGS, Clock.fixed(T0, ZoneOffset.UTC)));
  }

  private CommandResultWithReply<
          PlaybackEntity.Command, PlaybackEvent, PlaybackState, PlaybackReply>
      send(PlaybackCommand command) {
    return entity.runCommand(replyTo -> new PlaybackEntity.Handle(command, replyTo));
  }

  private PlaybackCommand.Start start(String session, String device, Instant at) {
    return new PlaybackCommand.Start(session, "kid", "t9", device, "Tablet", 600, 2, 720, at);
  }

  @Test
  void heartbeatsStayInMemoryUntilASaveAndTheNextDeviceResumesFromThem() {
    var started = send(start("s1", "tablet", T0));
    assertEquals(0, ((PlaybackReply.Accepted) started.reply()).resumeAt(), 0.001);

    var beat =
        send(
            new PlaybackCommand.Heartbeat(
                "s1", 12, List.of(new Qoe("startup", 0, 420, 0, 0, null)), T0.plusSeconds(12)));
    assertEquals(1, beat.events().size(), "the QoE report only: 12 s is before the first save");
    assertInstanceOf(PlaybackEvent.QoeReported.class, beat.events().get(0));

    var tv = send(start("s2", "tv", T0.plusSeconds(13)));
    assertEquals(12, ((PlaybackReply.Accepted) tv.reply()).resumeAt(), 0.001);
  }

  @Test
  void savedPositionsSurviveARestart() {
    send(start("s1", "tablet", T0));
    var saved = send(new PlaybackCommand.Heartbeat("s1", 31, List.of(), T0.plusSeconds(31)));
    assertInstanceOf(PlaybackEvent.PositionSaved.class, saved.events().get(0));
    send(new PlaybackCommand.Stop("s1", 33, T0.plusSeconds(33)));

    entity.restart();
    var again = send(start("s2", "tv", T0.plusSeconds(100)));
    assertEquals(33, ((PlaybackReply.Accepted) again.reply()).resumeAt(), 0.001);
    assertTrue(again.state().sessions().containsKey("s2"));
  }

  @Test
  void theStreamLimitAnswersWithTheDevices() {
    send(start("s1", "tablet", T0));
    send(start("s2", "tv", T0));
    var third = send(start("s3", "phone", T0.plusSeconds(1)));
    var rejected = assertInstanceOf(PlaybackReply.Rejected.class, third.reply());
    assertEquals(2, rejected.rejection().details().size(), rejected.toString());
    assertTrue(third.events().isEmpty());
  }
}

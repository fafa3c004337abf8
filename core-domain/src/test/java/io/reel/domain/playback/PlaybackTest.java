package io.reel.domain.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.Decision;
import io.reel.domain.playback.PlaybackEvent.EndReason;
import io.reel.domain.title.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaybackTest {

  private static final Playback.Rules RULES =
      new Playback.Rules(Duration.ofSeconds(60), Duration.ofSeconds(30));
  private static final Instant T0 = Instant.parse("2026-12-01T20:00:00Z");

  private PlaybackState state = PlaybackState.EMPTY;
  private final Map<String, Beat> beats = new HashMap<>();

  private Decision<PlaybackEvent> run(PlaybackCommand c) {
    Decision<PlaybackEvent> d = Playback.decide("acc", state, beats, c, RULES);
    if (d instanceof Decision.Accepted<PlaybackEvent> a) {
      for (PlaybackEvent e : a.events()) {
        state = Playback.evolve(state, e);
      }
      if (c instanceof PlaybackCommand.Heartbeat h) {
        beats.put(h.sessionId(), new Beat(h.positionSeconds(), h.now()));
      }
    }
    return d;
  }

  private static PlaybackCommand.Start start(
      String session, String device, int maxStreams, Instant at) {
    return new PlaybackCommand.Start(
        session, "p1", "t1", device, "Device " + device, 600, maxStreams, 1080, at);
  }

  private static PlaybackCommand.Heartbeat beat(String session, double position, Instant at) {
    return new PlaybackCommand.Heartbeat(session, position, List.of(), at);
  }

  @Test
  void theStreamLimitRefusesNamingTheDevicesThenFreesIdleSlots() {
    assertInstanceOf(Decision.Accepted.class, run(start("s1", "tv", 1, T0)));
    Decision<PlaybackEvent> refused = run(start("s2", "phone", 1, T0.plusSeconds(5)));
    Rejection r = ((Decision.Rejected<PlaybackEvent>) refused).rejection();
    assertEquals(Rejection.Kind.CONFLICT, r.kind());
    assertTrue(r.details().get(0).contains("Device tv"), r.details().toString());

    // The TV keeps sending heartbeats: still refused at T0+50.
    run(beat("s1", 40, T0.plusSeconds(40)));
    assertInstanceOf(Decision.Rejected.class, run(start("s2", "phone", 1, T0.plusSeconds(50))));

    // The TV goes quiet: after the timeout the phone gets the slot and the TV's session ends.
    Decision<PlaybackEvent> d = run(start("s2", "phone", 1, T0.plusSeconds(101)));
    List<PlaybackEvent> events = ((Decision.Accepted<PlaybackEvent>) d).events();
    PlaybackEvent.SessionEnded ended = (PlaybackEvent.SessionEnded) events.get(0);
    assertEquals(EndReason.EXPIRED, ended.reason());
    assertEquals(40, ended.positionSeconds(), 0.001);
    assertEquals(List.of("s2"), List.copyOf(state.sessions().keySet()));
  }

  @Test
  void startingAgainOnTheSameDeviceReplacesItsSession() {
    run(start("s1", "tv", 1, T0));
    Decision<PlaybackEvent> d = run(start("s2", "tv", 1, T0.plusSeconds(10)));
    List<PlaybackEvent> events = ((Decision.Accepted<PlaybackEvent>) d).events();
    assertEquals(EndReason.REPLACED, ((PlaybackEvent.SessionEnded) events.get(0)).reason());
    assertEquals(1, state.sessions().size());
  }

  @Test
  void positionsAreSavedAtAThrottledRateNotPerHeartbeat() {
    run(start("s1", "tv", 2, T0));
    int saved = 0;
    for (int t = 5; t <= 120; t += 5) {
      Decision<PlaybackEvent> d = run(beat("s1", t, T0.plusSeconds(t)));
      saved += ((Decision.Accepted<PlaybackEvent>) d).events().size();
    }
    assertEquals(4, saved, "24 heartbeats over 120 s, one save per 30 s");
  }

  @Test
  void aSecondDeviceResumesWhereTheFirstStoppedEvenBeforeASave() {
    run(start("s1", "tv", 2, T0));
    run(beat("s1", 30, T0.plusSeconds(30))); // saved
    run(beat("s1", 45, T0.plusSeconds(45))); // in memory only
    assertEquals(45, Playback.resumePosition(state, beats, "p1", "t1"), 0.001);
    assertEquals(0, Playback.resumePosition(state, beats, "p2", "t1"), 0.001, "per profile");

    run(new PlaybackCommand.Stop("s1", 47, T0.plusSeconds(47)));
    beats.clear(); // as after a restart: the saved stop position is what counts
    assertEquals(47, Playback.resumePosition(state, beats, "p1", "t1"), 0.001);
  }

  @Test
  void nearTheEndATitleCountsAsWatchedAndStartsOverNextTime() {
    run(start("s1", "tv", 1, T0));
    run(new PlaybackCommand.Stop("s1", 590, T0.plusSeconds(600)));
    assertTrue(state.resume().get(PlaybackState.resumeKey("p1", "t1")).watched());
    assertEquals(0, Playback.resumePosition(state, beats, "p1", "t1"), 0.001);
  }

  @Test
  void heartbeatsAndLicencesNeedTheAccountsOwnLiveSession() {
    run(start("s1", "tv", 1, T0));
    Rejection unknown =
        ((Decision.Rejected<PlaybackEvent>) run(beat("other-accounts-session", 1, T0))).rejection();
    assertEquals(Rejection.Kind.NOT_FOUND, unknown.kind());
    assertEquals(
        Rejection.Kind.INVALID,
        ((Decision.Rejected<PlaybackEvent>) run(beat("s1", -1, T0))).rejection().kind());
    assertEquals(
        Rejection.Kind.INVALID,
        ((Decision.Rejected<PlaybackEvent>) run(beat("s1", 10_000, T0))).rejection().kind());

    var grant = new PlaybackCommand.GrantLicence("s1", "t1", List.of("kid"), T0.plusSeconds(5));
    assertInstanceOf(Decision.Accepted.class, run(grant));
    var otherTitle =
        new PlaybackCommand.GrantLicence("s1", "t2", List.of("kid"), T0.plusSeconds(5));
    assertEquals(
        Rejection.Kind.CONFLICT,
        ((Decision.Rejected<PlaybackEvent>) run(otherTitle)).rejection().kind());
    var late = new PlaybackCommand.GrantLicence("s1", "t1", List.of("kid"), T0.plusSeconds(300));
    assertEquals(
        Rejection.Kind.NOT_FOUND,
        ((Decision.Rejected<PlaybackEvent>) run(late)).rejection().kind());
  }

  @Test
  void badQoeReportsAreRefused() {
    run(start("s1", "tv", 1, T0));
    var bad =
        new PlaybackCommand.Heartbeat(
            "s1", 1, List.of(new Qoe("teleport", 1, 0, 0, 0, null)), T0.plusSeconds(1));
    assertEquals(
        Rejection.Kind.INVALID, ((Decision.Rejected<PlaybackEvent>) run(bad)).rejection().kind());
    var good =
        new PlaybackCommand.Heartbeat(
            "s1", 1, List.of(new Qoe("startup", 0, 640, 0, 0, null)), T0.plusSeconds(1));
    List<PlaybackEvent> events = ((Decision.Accepted<PlaybackEvent>) run(good)).events();
    assertInstanceOf(PlaybackEvent.QoeReported.class, events.get(events.size() - 1));
  }
}

package io.reel.domain.playback;

import io.reel.domain.Decision;
import io.reel.domain.playback.PlaybackEvent.EndReason;
import io.reel.domain.playback.PlaybackState.ResumePoint;
import io.reel.domain.playback.PlaybackState.Session;
import io.reel.domain.title.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure decide/evolve for an account's playback.
 *
 * <p>Heartbeats are not events: the entity keeps the latest {@link Beat} of each session in memory
 * and passes them in, and a position is saved as an event at most every {@code saveEvery} per
 * session and when the session ends. So a resume position is at most {@code saveEvery} old after a
 * crash, and exact otherwise: a second device of the same profile asks the same entity, which sees
 * the first device's latest heartbeat.
 *
 * <p>The concurrent-stream limit refuses (409) rather than evicting: a viewer sees which devices
 * hold the streams and decides; a session that stops sending heartbeats frees its slot after {@code
 * sessionTimeout}, and starting again on the same device replaces that device's session.
 */
public final class Playback {

  /** A title counts as watched from this fraction of its duration on. */
  public static final double WATCHED_FRACTION = 0.95;

  public static final int MAX_QOE_PER_HEARTBEAT = 50;
  private static final int MAX_ID = 64;

  /**
   * The longest stored device label: the play API stores names sealed under the account's key
   * (personal data), so the label is longer than the 100 characters a player may send.
   */
  private static final int MAX_DEVICE_NAME = 512;

  /**
   * @param sessionTimeout a session without heartbeats for this long is over
   * @param saveEvery the least time between two saved positions of one session
   */
  public record Rules(Duration sessionTimeout, Duration saveEvery) {}

  private Playback() {}

  public static Decision<PlaybackEvent> decide(
      String accountId,
      PlaybackState state,
      Map<String, Beat> beats,
      PlaybackCommand command,
      Rules rules) {
    if (command instanceof PlaybackCommand.Start c) {
      return start(accountId, state, beats, c, rules);
    }
    if (command instanceof PlaybackCommand.Heartbeat c) {
      return heartbeat(accountId, state, c, rules);
    }
    if (command instanceof PlaybackCommand.Stop c) {
      Session s = state.sessions().get(c.sessionId());
      if (s == null) {
        return unknownSession();
      }
      if (!validPosition(c.positionSeconds(), s)) {
        return Decision.reject(
            invalid(List.of("positionSeconds must be between 0 and the title's duration")));
      }
      return accept(List.of(ended(accountId, s, c.positionSeconds(), EndReason.STOPPED, c.now())));
    }
    if (command instanceof PlaybackCommand.GrantLicence c) {
      Session s = state.sessions().get(c.sessionId());
      if (s == null || stale(s, beats, c.now(), rules)) {
        return unknownSession();
      }
      if (!s.titleId().equals(c.titleId())) {
        return Decision.reject(Rejection.conflict("the playback session is for another title"));
      }
      return accept(
          List.of(
              new PlaybackEvent.LicenceGranted(
                  accountId, s.sessionId(), s.titleId(), c.keyIds(), c.now())));
    }
    if (command instanceof PlaybackCommand.ExpireStale c) {
      return accept(expire(accountId, state, beats, c.now(), rules));
    }
    return accept(List.of());
  }

  private static Decision<PlaybackEvent> start(
      String accountId,
      PlaybackState state,
      Map<String, Beat> beats,
      PlaybackCommand.Start c,
      Rules rules) {
    List<String> v = new ArrayList<>();
    checkId(v, "sessionId", c.sessionId());
    checkId(v, "profileId", c.profileId());
    checkId(v, "titleId", c.titleId());
    checkId(v, "deviceId", c.deviceId());
    if (c.deviceName() == null || c.deviceName().isBlank()) {
      v.add("deviceName is required");
    } else if (c.deviceName().length() > MAX_DEVICE_NAME) {
      v.add("deviceName must be at most " + MAX_DEVICE_NAME + " characters");
    }
    if (c.maxStreams() < 1 || !(c.durationSeconds() > 0)) {
      v.add("maxStreams and durationSeconds must be positive");
    }
    if (!v.isEmpty()) {
      return Decision.reject(invalid(v));
    }
    if (state.sessions().containsKey(c.sessionId())) {
      return Decision.reject(Rejection.conflict("the session id is already in use"));
    }
    List<PlaybackEvent> events = new ArrayList<>(expire(accountId, state, beats, c.now(), rules));
    List<Session> open = new ArrayList<>();
    for (Session s : state.sessions().values()) {
      if (stale(s, beats, c.now(), rules)) {
        continue;
      }
      if (s.deviceId().equals(c.deviceId())) {
        events.add(
            ended(accountId, s, latest(s, beats).positionSeconds(), EndReason.REPLACED, c.now()));
      } else {
        open.add(s);
      }
    }
    if (open.size() >= c.maxStreams()) {
      open.sort(Comparator.comparing(Session::startedAt));
      List<String> devices = new ArrayList<>();
      for (Session s : open) {
        devices.add(s.deviceName() + " (device " + s.deviceId() + ", since " + s.startedAt() + ")");
      }
      return Decision.reject(
          new Rejection(
              Rejection.Kind.CONFLICT,
              "the plan allows "
                  + c.maxStreams()
                  + " concurrent stream(s) and all are in use; stop one of these devices or wait"
                  + " until it has been idle for "
                  + rules.sessionTimeout().toSeconds()
                  + " s",
              devices));
    }
    events.add(
        new PlaybackEvent.SessionStarted(
            accountId,
            c.sessionId(),
            c.profileId(),
            c.titleId(),
            c.deviceId(),
            c.deviceName().strip(),
            c.durationSeconds(),
            c.maxHeight(),
            c.now()));
    return accept(events);
  }

  private static Decision<PlaybackEvent> heartbeat(
      String accountId, PlaybackState state, PlaybackCommand.Heartbeat c, Rules rules) {
    Session s = state.sessions().get(c.sessionId());
    if (s == null) {
      return unknownSession();
    }
    List<String> v = new ArrayList<>();
    if (!validPosition(c.positionSeconds(), s)) {
      v.add("positionSeconds must be between 0 and the title's duration");
    }
    if (c.qoe().size() > MAX_QOE_PER_HEARTBEAT) {
      v.add("at most " + MAX_QOE_PER_HEARTBEAT + " qoe reports per heartbeat");
    }
    for (Qoe q : c.qoe()) {
      v.addAll(q == null ? List.of("qoe reports must not be null") : q.violations());
    }
    if (!v.isEmpty()) {
      return Decision.reject(invalid(v));
    }
    List<PlaybackEvent> events = new ArrayList<>();
    if (!c.now().isBefore(s.lastSeenAt().plus(rules.saveEvery()))) {
      events.add(
          new PlaybackEvent.PositionSaved(
              accountId,
              s.sessionId(),
              s.profileId(),
              s.titleId(),
              c.positionSeconds(),
              s.durationSeconds(),
              c.now()));
    }
    for (Qoe q : c.qoe()) {
      events.add(
          new PlaybackEvent.QoeReported(
              accountId, s.sessionId(), s.profileId(), s.titleId(), q, c.now()));
    }
    return accept(events);
  }

  /** SessionEnded(EXPIRED) for every session not heard from within the timeout. */
  private static List<PlaybackEvent> expire(
      String accountId, PlaybackState state, Map<String, Beat> beats, Instant now, Rules rules) {
    List<PlaybackEvent> events = new ArrayList<>();
    for (Session s : state.sessions().values()) {
      if (stale(s, beats, now, rules)) {
        events.add(ended(accountId, s, latest(s, beats).positionSeconds(), EndReason.EXPIRED, now));
      }
    }
    return events;
  }

  /**
   * Where {@code profileId} should start {@code titleId}: the freshest of the saved resume point
   * and the open sessions' latest heartbeats; 0 when the title was watched to the end.
   */
  public static double resumePosition(
      PlaybackState state, Map<String, Beat> beats, String profileId, String titleId) {
    ResumePoint saved = state.resume().get(PlaybackState.resumeKey(profileId, titleId));
    Instant best = saved == null ? Instant.MIN : saved.updatedAt();
    double position = saved == null || saved.watched() ? 0 : saved.positionSeconds();
    for (Session s : state.sessions().values()) {
      if (!s.profileId().equals(profileId) || !s.titleId().equals(titleId)) {
        continue;
      }
      Beat latest = latest(s, beats);
      if (latest.at().isAfter(best)) {
        best = latest.at();
        position =
            watched(latest.positionSeconds(), s.durationSeconds()) ? 0 : latest.positionSeconds();
      }
    }
    return position;
  }

  public static PlaybackState evolve(PlaybackState state, PlaybackEvent event) {
    Map<String, Session> sessions = new HashMap<>(state.sessions());
    Map<String, ResumePoint> resume = state.resume();
    if (event instanceof PlaybackEvent.SessionStarted e) {
      sessions.put(
          e.sessionId(),
          new Session(
              e.sessionId(),
              e.profileId(),
              e.titleId(),
              e.deviceId(),
              e.deviceName(),
              e.durationSeconds(),
              e.maxHeight(),
              e.occurredAt(),
              e.occurredAt(),
              0));
    } else if (event instanceof PlaybackEvent.PositionSaved e) {
      Session s = sessions.get(e.sessionId());
      if (s != null) {
        sessions.put(e.sessionId(), s.at(e.positionSeconds(), e.occurredAt()));
      }
      resume =
          withResume(
              resume,
              e.profileId(),
              e.titleId(),
              e.positionSeconds(),
              e.durationSeconds(),
              e.occurredAt());
    } else if (event instanceof PlaybackEvent.SessionEnded e) {
      sessions.remove(e.sessionId());
      resume =
          withResume(
              resume,
              e.profileId(),
              e.titleId(),
              e.positionSeconds(),
              e.durationSeconds(),
              e.occurredAt());
    } else {
      return state; // LicenceGranted, QoeReported: history, not state
    }
    return new PlaybackState(sessions, resume);
  }

  public static boolean watched(double position, double duration) {
    return duration > 0 && position >= duration * WATCHED_FRACTION;
  }

  private static Map<String, ResumePoint> withResume(
      Map<String, ResumePoint> resume,
      String profileId,
      String titleId,
      double position,
      double duration,
      Instant at) {
    Map<String, ResumePoint> next = new HashMap<>(resume);
    next.put(
        PlaybackState.resumeKey(profileId, titleId),
        new ResumePoint(profileId, titleId, position, duration, watched(position, duration), at));
    if (next.size() > PlaybackState.MAX_RESUME_POINTS) {
      next.values().stream()
          .min(Comparator.comparing(ResumePoint::updatedAt))
          .ifPresent(
              oldest -> next.remove(PlaybackState.resumeKey(oldest.profileId(), oldest.titleId())));
    }
    return next;
  }

  private static PlaybackEvent ended(
      String accountId, Session s, double position, EndReason reason, Instant now) {
    return new PlaybackEvent.SessionEnded(
        accountId,
        s.sessionId(),
        s.profileId(),
        s.titleId(),
        position,
        s.durationSeconds(),
        reason,
        now);
  }

  static boolean stale(Session s, Map<String, Beat> beats, Instant now, Rules rules) {
    return latest(s, beats).at().plus(rules.sessionTimeout()).isBefore(now);
  }

  /** The session's freshest word: its latest heartbeat if newer than the last saved position. */
  private static Beat latest(Session s, Map<String, Beat> beats) {
    Beat b = beats.get(s.sessionId());
    return b != null && b.at().isAfter(s.lastSeenAt())
        ? b
        : new Beat(s.positionSeconds(), s.lastSeenAt());
  }

  /** A little slack past the end: players report the last frame's time, rounded. */
  private static boolean validPosition(double p, Session s) {
    return p >= 0 && p <= s.durationSeconds() + 5;
  }

  private static void checkId(List<String> v, String name, String value) {
    if (value == null
        || value.isEmpty()
        || value.length() > MAX_ID
        || !value.matches("[A-Za-z0-9_.:-]+")) {
      v.add(name + " must be 1.." + MAX_ID + " letters, digits, '-', '_', '.' or ':'");
    }
  }

  private static Decision<PlaybackEvent> unknownSession() {
    return Decision.reject(
        new Rejection(Rejection.Kind.NOT_FOUND, "no such playback session", List.of()));
  }

  private static Rejection invalid(List<String> details) {
    return new Rejection(Rejection.Kind.INVALID, "the playback request is invalid", details);
  }

  private static Decision<PlaybackEvent> accept(List<PlaybackEvent> events) {
    return new Decision.Accepted<>(events);
  }
}

package io.reel.domain.playback;

import io.reel.domain.CborSerializable;
import java.time.Instant;
import java.util.Map;

/**
 * An account's playback: its open sessions and where each profile stopped in each title.
 *
 * @param sessions open sessions by session id
 * @param resume resume points by {@link #resumeKey(String, String)}; bounded to {@link
 *     #MAX_RESUME_POINTS}, the least recently updated dropped first
 */
public record PlaybackState(Map<String, Session> sessions, Map<String, ResumePoint> resume)
    implements CborSerializable {

  public static final int MAX_RESUME_POINTS = 2_000;
  public static final PlaybackState EMPTY = new PlaybackState(Map.of(), Map.of());

  public PlaybackState {
    sessions = sessions == null ? Map.of() : Map.copyOf(sessions);
    resume = resume == null ? Map.of() : Map.copyOf(resume);
  }

  public static String resumeKey(String profileId, String titleId) {
    return profileId + "/" + titleId;
  }

  /**
   * One device playing one title. {@code lastSeenAt} and {@code positionSeconds} are as of the last
   * saved position; the entity keeps fresher heartbeats in memory.
   */
  public record Session(
      String sessionId,
      String profileId,
      String titleId,
      String deviceId,
      String deviceName,
      double durationSeconds,
      int maxHeight,
      Instant startedAt,
      Instant lastSeenAt,
      double positionSeconds)
      implements CborSerializable {

    Session at(double position, Instant now) {
      return new Session(
          sessionId,
          profileId,
          titleId,
          deviceId,
          deviceName,
          durationSeconds,
          maxHeight,
          startedAt,
          now,
          position);
    }
  }

  /** Where a profile stopped in a title; a watched title starts from the beginning next time. */
  public record ResumePoint(
      String profileId,
      String titleId,
      double positionSeconds,
      double durationSeconds,
      boolean watched,
      Instant updatedAt)
      implements CborSerializable {}
}

package io.reel.projections.playback;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.reel.domain.playback.PlaybackEvent;
import io.reel.domain.playback.Qoe;
import java.time.Instant;
import java.util.Optional;

/**
 * The public schema of playback events on Kafka ({@code reel.playback-events.v1}, schema {@code
 * reel.playback-event/v1}), documented in docs/events.md: for analysts replaying viewing and
 * quality of experience. Separate from the journal's {@link PlaybackEvent}: this may only grow
 * optional fields. Account ids are pseudonymous ids, never e-mails or names.
 *
 * @param eventId unique per event ({@code accountId:sequenceNr}): consumers de-duplicate on it
 * @param type session-started, session-ended or qoe
 * @param endReason on session-ended: stopped, expired or replaced
 * @param qoe on qoe: kind (startup, rebuffer, bitrate-switch, error) and its figures
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublicPlaybackEvent(
    String schema,
    String eventId,
    String type,
    String accountId,
    String sessionId,
    String profileId,
    String titleId,
    Instant occurredAt,
    String deviceId,
    Double positionSeconds,
    Double durationSeconds,
    String endReason,
    Qoe qoe) {

  public static final String SCHEMA = "reel.playback-event/v1";

  /** Empty for internal events (saved positions, licence grants). */
  public static Optional<PublicPlaybackEvent> of(PlaybackEvent event, long sequenceNr) {
    String id = event.accountId() + ":" + sequenceNr;
    if (event instanceof PlaybackEvent.SessionStarted e) {
      return Optional.of(
          new PublicPlaybackEvent(
              SCHEMA,
              id,
              "session-started",
              e.accountId(),
              e.sessionId(),
              e.profileId(),
              e.titleId(),
              e.occurredAt(),
              e.deviceId(),
              null,
              e.durationSeconds(),
              null,
              null));
    }
    if (event instanceof PlaybackEvent.SessionEnded e) {
      return Optional.of(
          new PublicPlaybackEvent(
              SCHEMA,
              id,
              "session-ended",
              e.accountId(),
              e.sessionId(),
              e.profileId(),
              e.titleId(),
              e.occurredAt(),
              null,
              e.positionSeconds(),
              e.durationSeconds(),
              e.reason().name().toLowerCase(java.util.Locale.ROOT),
              null));
    }
    if (event instanceof PlaybackEvent.QoeReported e) {
      return Optional.of(
          new PublicPlaybackEvent(
              SCHEMA,
              id,
              "qoe",
              e.accountId(),
              e.sessionId(),
              e.profileId(),
              e.titleId(),
              e.occurredAt(),
              null,
              e.qoe().positionSeconds(),
              null,
              null,
              e.qoe()));
    }
    return Optional.empty();
  }
}

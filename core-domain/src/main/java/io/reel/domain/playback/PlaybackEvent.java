package io.reel.domain.playback;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * Facts about an account's playback. Never rename or delete one of these types. Heartbeats are not
 * events: positions are saved at a throttled rate ({@link PositionSaved}) and when a session ends.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PlaybackEvent.SessionStarted.class, name = "session-started"),
  @JsonSubTypes.Type(value = PlaybackEvent.PositionSaved.class, name = "position-saved"),
  @JsonSubTypes.Type(value = PlaybackEvent.SessionEnded.class, name = "session-ended"),
  @JsonSubTypes.Type(value = PlaybackEvent.LicenceGranted.class, name = "licence-granted"),
  @JsonSubTypes.Type(value = PlaybackEvent.QoeReported.class, name = "qoe-reported"),
})
public sealed interface PlaybackEvent extends CborSerializable {

  String accountId();

  Instant occurredAt();

  record SessionStarted(
      String accountId,
      String sessionId,
      String profileId,
      String titleId,
      String deviceId,
      String deviceName,
      double durationSeconds,
      int maxHeight,
      Instant occurredAt)
      implements PlaybackEvent {}

  record PositionSaved(
      String accountId,
      String sessionId,
      String profileId,
      String titleId,
      double positionSeconds,
      double durationSeconds,
      Instant occurredAt)
      implements PlaybackEvent {}

  /** Why a session ended. */
  enum EndReason {
    STOPPED,
    EXPIRED,
    REPLACED
  }

  record SessionEnded(
      String accountId,
      String sessionId,
      String profileId,
      String titleId,
      double positionSeconds,
      double durationSeconds,
      EndReason reason,
      Instant occurredAt)
      implements PlaybackEvent {}

  /** The licence server handed the keys {@code keyIds} of the title to the session. */
  record LicenceGranted(
      String accountId, String sessionId, String titleId, List<String> keyIds, Instant occurredAt)
      implements PlaybackEvent {
    public LicenceGranted {
      keyIds = List.copyOf(keyIds);
    }
  }

  /** A quality-of-experience report from the player. */
  record QoeReported(
      String accountId,
      String sessionId,
      String profileId,
      String titleId,
      Qoe qoe,
      Instant occurredAt)
      implements PlaybackEvent {}
}

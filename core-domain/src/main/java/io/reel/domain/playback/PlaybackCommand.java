package io.reel.domain.playback;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import java.time.Instant;
import java.util.List;

/** What can be asked of an account's playback. Times come from the caller, for pure decisions. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PlaybackCommand.Start.class, name = "start"),
  @JsonSubTypes.Type(value = PlaybackCommand.Heartbeat.class, name = "heartbeat"),
  @JsonSubTypes.Type(value = PlaybackCommand.Stop.class, name = "stop"),
  @JsonSubTypes.Type(value = PlaybackCommand.GrantLicence.class, name = "grant-licence"),
  @JsonSubTypes.Type(value = PlaybackCommand.ExpireStale.class, name = "expire-stale"),
  @JsonSubTypes.Type(value = PlaybackCommand.Get.class, name = "get"),
})
public sealed interface PlaybackCommand extends CborSerializable {

  /**
   * Open a session; {@code maxStreams} and {@code maxHeight} come from the entitlement checked just
   * before.
   */
  record Start(
      String sessionId,
      String profileId,
      String titleId,
      String deviceId,
      String deviceName,
      double durationSeconds,
      int maxStreams,
      int maxHeight,
      Instant now)
      implements PlaybackCommand {}

  /** The player's regular report: position plus any quality-of-experience facts since the last. */
  record Heartbeat(String sessionId, double positionSeconds, List<Qoe> qoe, Instant now)
      implements PlaybackCommand {
    public Heartbeat {
      qoe = qoe == null ? List.of() : List.copyOf(qoe);
    }
  }

  record Stop(String sessionId, double positionSeconds, Instant now) implements PlaybackCommand {}

  /** The licence server is about to hand out {@code keyIds} of {@code titleId} to the session. */
  record GrantLicence(String sessionId, String titleId, List<String> keyIds, Instant now)
      implements PlaybackCommand {
    public GrantLicence {
      keyIds = List.copyOf(keyIds);
    }
  }

  /** Ends sessions that have not been heard from within the session timeout. */
  record ExpireStale(Instant now) implements PlaybackCommand {}

  record Get() implements PlaybackCommand {}
}

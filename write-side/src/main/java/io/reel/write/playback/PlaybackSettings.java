package io.reel.write.playback;

import com.typesafe.config.Config;
import io.reel.domain.playback.Playback;
import io.reel.domain.playback.PlaybackTags;
import java.time.Duration;
import java.util.Optional;

/** {@code reel.playback} from reference.conf, read once. */
public record PlaybackSettings(
    int tagCount, Duration askTimeout, Optional<String> role, Playback.Rules rules) {

  public static PlaybackSettings fromConfig(Config root) {
    Config c = root.getConfig("reel.playback");
    String role = c.getString("sharding-role");
    return new PlaybackSettings(
        c.getInt("tag-count"),
        c.getDuration("ask-timeout"),
        role.isBlank() ? Optional.empty() : Optional.of(role),
        new Playback.Rules(c.getDuration("session-timeout"), c.getDuration("save-position-every")));
  }

  /** The journal tags of playback events, {@code playback-0..N-1}. */
  public PlaybackTags tags() {
    return new PlaybackTags(tagCount);
  }
}

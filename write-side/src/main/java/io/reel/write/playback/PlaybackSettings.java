package io.reel.write.playback;

import com.typesafe.config.Config;
import io.reel.domain.playback.Playback;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

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
  public List<String> tags() {
    return IntStream.range(0, tagCount).mapToObj(i -> "playback-" + i).toList();
  }

  /** String.hashCode is specified, so an account's tag never changes between JVMs. */
  public String tagFor(String accountId) {
    return "playback-" + Math.floorMod(accountId.hashCode(), tagCount);
  }
}

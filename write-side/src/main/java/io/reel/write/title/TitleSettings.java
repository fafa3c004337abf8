package io.reel.write.title;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;

/** {@code reel.titles} from reference.conf, read once. */
public record TitleSettings(int tagCount, Duration askTimeout, Optional<String> role) {

  public static TitleSettings fromConfig(Config root) {
    Config c = root.getConfig("reel.titles");
    String role = c.getString("sharding-role");
    return new TitleSettings(
        c.getInt("tag-count"),
        c.getDuration("ask-timeout"),
        role.isBlank() ? Optional.empty() : Optional.of(role));
  }
}

package io.reel.write.personal;

import com.typesafe.config.Config;
import io.reel.domain.personal.PersonalTags;
import java.time.Duration;
import java.util.Optional;

/** {@code reel.personal} from reference.conf, read once. */
public record PersonalSettings(
    int tagCount, Duration askTimeout, Optional<String> role, long maxBodyBytes) {

  public static PersonalSettings fromConfig(Config root) {
    Config c = root.getConfig("reel.personal");
    String role = c.getString("sharding-role");
    return new PersonalSettings(
        c.getInt("tag-count"),
        c.getDuration("ask-timeout"),
        role.isBlank() ? Optional.empty() : Optional.of(role),
        c.getBytes("max-body"));
  }

  /** The journal tags of personal events, {@code personal-0..N-1}. */
  public PersonalTags tags() {
    return new PersonalTags(tagCount);
  }
}

package io.reel.write.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthSettingsTest {

  @Test
  void referenceConfDefaults() {
    AuthSettings s = AuthSettings.fromConfig(ConfigFactory.load());
    assertEquals(Duration.ofMinutes(10), s.accessTtl());
    assertEquals(Duration.ofDays(30), s.refreshTtl());
    assertEquals(Optional.of(Duration.ofDays(90)), s.familyMaxLifetime());
    assertEquals(Duration.ofHours(24), s.keyRotation());
    assertEquals(Duration.ofSeconds(30), s.clockSkew());
    assertEquals(Duration.ofMinutes(1), s.keyRefreshInterval());
    assertEquals(4096, s.maxBodyBytes());
    assertEquals(Duration.ofMinutes(11).plusSeconds(30), s.keyRetention());
  }

  @Test
  void familyLifetimeCanBeOffAndTtlsMustBePositive() {
    var off =
        ConfigFactory.parseString("reel.auth.family-max-lifetime = off")
            .withFallback(ConfigFactory.load());
    assertEquals(Optional.empty(), AuthSettings.fromConfig(off).familyMaxLifetime());
    var zero =
        ConfigFactory.parseString("reel.auth.access-ttl = 0s").withFallback(ConfigFactory.load());
    assertThrows(IllegalArgumentException.class, () -> AuthSettings.fromConfig(zero));
  }
}

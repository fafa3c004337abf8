package io.reel.write.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One node's token service over in-memory stores, with settings close to the defaults. */
final class AuthFixture {

  static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  static AuthSettings settings(String issuer, String audience, Optional<Duration> familyMax) {
    return new AuthSettings(
        issuer,
        audience,
        Duration.ofMinutes(10),
        Duration.ofDays(30),
        familyMax,
        Duration.ofHours(24),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        4096,
        Duration.ofSeconds(5));
  }

  static AuthSettings settings() {
    return settings("https://reel.test", "reel-api", Optional.empty());
  }

  final TestClock clock = new TestClock(T0);
  final AuthSettings settings;
  final InMemorySigningKeyStore keyStore = new InMemorySigningKeyStore();
  final SigningKeys keys;
  final InMemoryRefreshTokenStore refreshStore = new InMemoryRefreshTokenStore();
  final JwtTokens tokens;

  AuthFixture() {
    this(settings());
  }

  AuthFixture(AuthSettings settings) {
    this.settings = settings;
    this.keys = new SigningKeys(keyStore, settings, clock);
    this.tokens = new JwtTokens(settings, keys, refreshStore, clock);
  }

  /** Another issuer/audience sharing this fixture's keys and clock. */
  JwtTokens withSettings(AuthSettings other) {
    return new JwtTokens(other, keys, refreshStore, clock);
  }

  Tokens.TokenPair issue(String account) {
    return tokens.issue(account).toCompletableFuture().join();
  }
}

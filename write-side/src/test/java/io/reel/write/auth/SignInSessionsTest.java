package io.reel.write.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The account's list of signed-in devices, and signing one of them out from another. */
class SignInSessionsTest {

  private final AuthFixture f = new AuthFixture();

  @Test
  void listsOpenSessionsMostRecentlyUsedFirstWithTheirDevices() {
    Tokens.TokenPair laptop = issue("acc-1", "Firefox on Linux");
    f.clock.advance(Duration.ofMinutes(1));
    issue("acc-1", "Chrome on Android");
    f.clock.advance(Duration.ofMinutes(1));
    // The laptop refreshes last: it moves to the top.
    f.tokens.refresh(laptop.refreshToken()).toCompletableFuture().join();
    issue("acc-2", "Safari on iPhone");

    List<Tokens.SignInSession> sessions = sessions("acc-1");
    assertEquals(
        List.of("Firefox on Linux", "Chrome on Android"),
        sessions.stream().map(Tokens.SignInSession::device).toList());
    assertEquals(AuthFixture.T0, sessions.get(0).signedInAt());
    assertEquals(AuthFixture.T0.plus(Duration.ofMinutes(2)), sessions.get(0).lastUsedAt());
    assertEquals(sessionOf(laptop), sessions.get(0).id());
  }

  @Test
  void endingASessionStopsItsTokensAndLeavesTheOthers() {
    Tokens.TokenPair phone = issue("acc-1", "Chrome on Android");
    Tokens.TokenPair laptop = issue("acc-1", "Firefox on Linux");
    UUID phoneSession = sessionOf(phone);

    assertTrue(f.tokens.endSession("acc-1", phoneSession).toCompletableFuture().join());

    // The phone's refresh token and access token are dead; the laptop's work.
    CompletionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            CompletionException.class,
            () -> f.tokens.refresh(phone.refreshToken()).toCompletableFuture().join());
    assertInstanceOf(Tokens.TokenRejected.class, refused.getCause());
    assertFalse(live(phone));
    assertTrue(live(laptop));
    assertEquals(
        List.of("Firefox on Linux"),
        sessions("acc-1").stream().map(Tokens.SignInSession::device).toList());
    // Ending it again, or an unknown id: nothing to end.
    assertFalse(f.tokens.endSession("acc-1", phoneSession).toCompletableFuture().join());
    assertFalse(f.tokens.endSession("acc-1", UUID.randomUUID()).toCompletableFuture().join());
  }

  @Test
  void anotherAccountCannotEndMySession() {
    Tokens.TokenPair mine = issue("acc-1", "Firefox on Linux");
    issue("acc-2", "Chrome on Windows");

    assertFalse(f.tokens.endSession("acc-2", sessionOf(mine)).toCompletableFuture().join());
    assertTrue(live(mine));
    assertEquals(1, sessions("acc-1").size());
  }

  @Test
  void sessionsWhoseRefreshTokenRanOutAreNotListed() {
    issue("acc-1", "Firefox on Linux");
    f.clock.advance(f.settings.refreshTtl().plusMinutes(1));
    Tokens.TokenPair fresh = issue("acc-1", "Chrome on Linux");

    assertEquals(List.of(sessionOf(fresh)), sessions("acc-1").stream().map(s -> s.id()).toList());
  }

  @Test
  void aSignInWithNoDeviceIsAnUnknownDevice() {
    f.tokens.issue("acc-1").toCompletableFuture().join();
    assertEquals(DeviceLabel.UNKNOWN, sessions("acc-1").get(0).device());
  }

  private Tokens.TokenPair issue(String account, String device) {
    return f.tokens.issue(account, device).toCompletableFuture().join();
  }

  private List<Tokens.SignInSession> sessions(String account) {
    return f.tokens.sessions(account).toCompletableFuture().join();
  }

  private UUID sessionOf(Tokens.TokenPair pair) {
    return UUID.fromString(f.tokens.verify(pair.accessToken()).orElseThrow().sessionId());
  }

  private boolean live(Tokens.TokenPair pair) {
    return f.tokens
        .live(f.tokens.verify(pair.accessToken()).orElseThrow())
        .toCompletableFuture()
        .join();
  }
}

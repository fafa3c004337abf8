package io.reel.write.account;

import static io.reel.write.account.AccountFixture.PASSWORD;
import static io.reel.write.account.AccountFixture.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in: password check and throttle. */
class SignInTest {

  @TempDir Path dir;
  private AccountFixture f;

  @BeforeEach
  void setUp() {
    f = new AccountFixture(dir.resolve("outbox.jsonl"), 3, 1000);
  }

  @Test
  void bruteForceIsThrottledAndUnknownAddressesFailAlike() throws Exception {
    f.signedUpAndVerified("ann@example.com");
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(
          AccountOutcome.Unauthorized.class,
          join(f.signIn.signIn("ann@example.com", "wrong guess " + i, "9.9.9.9")));
    }
    var throttled =
        assertInstanceOf(
            AccountOutcome.Throttled.class,
            join(f.signIn.signIn("ann@example.com", PASSWORD, "8.8.8.8")));
    assertEquals(Duration.ofSeconds(1), throttled.retryAfter());
    // Unknown addresses get the same answer, go through the dummy hash, and are throttled alike.
    assertEquals(0, f.hasher.dummyChecks());
    for (int i = 0; i < 3; i++) {
      assertEquals(
          new AccountOutcome.Unauthorized(),
          join(f.signIn.signIn("nobody@example.com", "wrong guess", "7.7.7.7")));
    }
    assertEquals(3, f.hasher.dummyChecks());
    assertInstanceOf(
        AccountOutcome.Throttled.class,
        join(f.signIn.signIn("nobody@example.com", "wrong guess", "6.6.6.6")));
    f.clock.advance(Duration.ofSeconds(2));
    assertInstanceOf(
        AccountOutcome.SignedIn.class,
        join(f.signIn.signIn("ann@example.com", PASSWORD, "8.8.8.8")));
  }
}

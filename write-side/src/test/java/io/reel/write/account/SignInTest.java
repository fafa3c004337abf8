package io.reel.write.account;

import static io.reel.write.account.AccountFixture.PASSWORD;
import static io.reel.write.account.AccountFixture.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in: password check and throttle, attacked as an attacker would. */
class SignInTest {

  @TempDir Path dir;

  /** Runs Argon2 inline, or holds the checks back while {@code hold} is on. */
  private static final class HeldChecks implements Executor {
    boolean hold;
    final List<Runnable> held = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable r) {
      if (hold) {
        held.add(r);
      } else {
        r.run();
      }
    }

    synchronized void runHeld() {
      hold = false;
      held.forEach(Runnable::run);
      held.clear();
    }
  }

  @Test
  void bruteForceFromOneClientIsThrottledAndUnknownAddressesFailAlike() throws Exception {
    AccountFixture f = new AccountFixture(dir.resolve("outbox.jsonl"), 3, 1000);
    f.signedUpAndVerified("ann@example.com");
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(
          AccountOutcome.Unauthorized.class,
          join(
              f.signIn.signIn(
                  "ann@example.com", "wrong guess " + i, "9.9.9.9", "Chrome on Linux")));
    }
    // Even the right password: this client is backing off now.
    var throttled =
        assertInstanceOf(
            AccountOutcome.Throttled.class,
            join(f.signIn.signIn("ann@example.com", PASSWORD, "9.9.9.9", "Chrome on Linux")));
    assertEquals(Duration.ofSeconds(1), throttled.retryAfter());
    // Unknown addresses get the same answer, go through the dummy hash, and are throttled alike.
    assertEquals(0, f.hasher.dummyChecks());
    for (int i = 0; i < 3; i++) {
      assertEquals(
          new AccountOutcome.Unauthorized(),
          join(f.signIn.signIn("nobody@example.com", "wrong guess", "7.7.7.7", "Chrome on Linux")));
    }
    assertEquals(3, f.hasher.dummyChecks());
    assertInstanceOf(
        AccountOutcome.Throttled.class,
        join(f.signIn.signIn("nobody@example.com", "wrong guess", "7.7.7.7", "Chrome on Linux")));
    assertEquals(3, f.hasher.dummyChecks(), "a throttled attempt hashes nothing");
    f.clock.advance(Duration.ofSeconds(2));
    assertInstanceOf(
        AccountOutcome.SignedIn.class,
        join(f.signIn.signIn("ann@example.com", PASSWORD, "9.9.9.9", "Chrome on Linux")));
  }

  @Test
  void concurrentWrongGuessesFromOneClientGetOnlyTheFreeAttempts() throws Exception {
    HeldChecks checks = new HeldChecks();
    AccountFixture f = new AccountFixture(dir.resolve("outbox.jsonl"), 3, 1000, checks);
    f.signedUpAndVerified("ann@example.com");
    // Twenty guesses in flight at once, none of them checked yet.
    checks.hold = true;
    List<CompletionStage<AccountOutcome>> guesses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      guesses.add(f.signIn.signIn("ann@example.com", "guess " + i, "9.9.9.9", "Chrome on Linux"));
    }
    assertEquals(3, checks.held.size(), "only the free attempts reach Argon2");
    checks.runHeld();
    int unauthorized = 0;
    int throttled = 0;
    for (var g : guesses) {
      AccountOutcome o = join(g);
      if (o instanceof AccountOutcome.Unauthorized) {
        unauthorized++;
      } else {
        assertInstanceOf(AccountOutcome.Throttled.class, o);
        throttled++;
      }
    }
    assertEquals(3, unauthorized);
    assertEquals(17, throttled);
    // And now the client is backing off, whatever it sends.
    assertInstanceOf(
        AccountOutcome.Throttled.class,
        join(f.signIn.signIn("ann@example.com", PASSWORD, "9.9.9.9", "Chrome on Linux")));
  }

  @Test
  void failuresFromManyAddressesDoNotLockTheOwnerOut() throws Exception {
    AccountFixture f = new AccountFixture(dir.resolve("outbox.jsonl"), 3, 1000);
    f.signedUpAndVerified("victim@example.com");
    // A botnet tries three guesses from each of 60 addresses against the victim.
    int checked = 0;
    for (int bot = 0; bot < 60; bot++) {
      for (int i = 0; i < 3; i++) {
        AccountOutcome o =
            join(
                f.signIn.signIn(
                    "victim@example.com", "guess " + i, "198.51.100." + bot, "Chrome on Linux"));
        if (o instanceof AccountOutcome.Unauthorized) {
          checked++;
        } else {
          assertInstanceOf(AccountOutcome.Throttled.class, o);
        }
      }
    }
    // 3 bots x 3, then the fourth's 2nd failure steps the account up (10 failures): from then on
    // each address gets one check before it backs off.
    assertEquals(9 + 2 + 56, checked);
    // The owner, from an address with no failures of its own, signs in at once.
    assertInstanceOf(
        AccountOutcome.SignedIn.class,
        join(f.signIn.signIn("victim@example.com", PASSWORD, "203.0.113.50", "Chrome on Linux")));
  }

  @Test
  void underAttackEveryFailingClientStepsUpButACleanOneIsNeverRefused() throws Exception {
    AccountFixture f = new AccountFixture(dir.resolve("outbox.jsonl"), 3, 1000);
    f.signedUpAndVerified("victim@example.com");
    // Ten failures across ten addresses: the account-wide step-up signal (account-step-up-after).
    for (int bot = 0; bot < 10; bot++) {
      join(f.signIn.signIn("victim@example.com", "guess", "198.51.100." + bot, "Chrome on Linux"));
    }
    // A new attacking address now backs off from its first failure, not after three.
    assertInstanceOf(
        AccountOutcome.Unauthorized.class,
        join(f.signIn.signIn("victim@example.com", "guess", "192.0.2.1", "Chrome on Linux")));
    assertInstanceOf(
        AccountOutcome.Throttled.class,
        join(f.signIn.signIn("victim@example.com", "guess", "192.0.2.1", "Chrome on Linux")));
    // The owner mistypes: a slower pace (one base delay), never a lockout.
    assertInstanceOf(
        AccountOutcome.Unauthorized.class,
        join(f.signIn.signIn("victim@example.com", "typo", "203.0.113.50", "Chrome on Linux")));
    assertEquals(
        new AccountOutcome.Throttled(Duration.ofSeconds(1)),
        join(f.signIn.signIn("victim@example.com", PASSWORD, "203.0.113.50", "Chrome on Linux")));
    f.clock.advance(Duration.ofSeconds(1));
    assertInstanceOf(
        AccountOutcome.SignedIn.class,
        join(f.signIn.signIn("victim@example.com", PASSWORD, "203.0.113.50", "Chrome on Linux")));
  }

  @Test
  void oneClientStuffingCredentialsIntoManyAccountsIsThrottledPerClient() throws Exception {
    AccountFixture f = new AccountFixture(dir.resolve("outbox.jsonl"), 3, 1000);
    f.signedUpAndVerified("ann@example.com");
    // One wrong guess each at 20 addresses (client-free-failures): no account sees a second.
    for (int i = 0; i < 20; i++) {
      assertInstanceOf(
          AccountOutcome.Unauthorized.class,
          join(
              f.signIn.signIn(
                  "user" + i + "@example.com", "123456", "9.9.9.9", "Chrome on Linux")));
    }
    assertInstanceOf(
        AccountOutcome.Throttled.class,
        join(f.signIn.signIn("ann@example.com", PASSWORD, "9.9.9.9", "Chrome on Linux")));
    // Another client is not affected.
    assertInstanceOf(
        AccountOutcome.SignedIn.class,
        join(f.signIn.signIn("ann@example.com", PASSWORD, "203.0.113.50", "Chrome on Linux")));
  }

  @Test
  void aCheckThatNeverReportsBackFreesItsReservationLater() throws Exception {
    HeldChecks checks = new HeldChecks();
    AccountFixture f = new AccountFixture(dir.resolve("outbox.jsonl"), 1, 1000, checks);
    f.signedUpAndVerified("ann@example.com");
    checks.hold = true;
    f.signIn.signIn("ann@example.com", "lost on a crashed node", "9.9.9.9", "Chrome on Linux");
    assertInstanceOf(
        AccountOutcome.Throttled.class,
        join(f.signIn.signIn("ann@example.com", PASSWORD, "9.9.9.9", "Chrome on Linux")));
    checks.held.clear(); // the check is gone for good
    checks.hold = false;
    f.clock.advance(Duration.ofSeconds(30)); // reservation-timeout
    assertInstanceOf(
        AccountOutcome.SignedIn.class,
        join(f.signIn.signIn("ann@example.com", PASSWORD, "9.9.9.9", "Chrome on Linux")));
  }
}

package io.reel.write.account;

import static io.reel.write.account.AccountFixture.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.account.AccountId;
import io.reel.domain.title.MaturityRating;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profiles of an account. */
class ProfilesTest {

  @TempDir Path dir;
  private AccountFixture f;

  @BeforeEach
  void setUp() {
    f = new AccountFixture(dir.resolve("outbox.jsonl"), 3, 1000);
  }

  @Test
  void profilesOfTheAccount() throws Exception {
    AccountId id = f.signedUpAndVerified("ann@example.com");
    assertEquals(
        new AccountOutcome.Ok(),
        join(
            f.profiles.addProfile(
                id, new Profiles.ProfileInput("Kiddo", true, "G", "de", "1234"))));
    assertInstanceOf(
        AccountOutcome.Invalid.class,
        join(f.profiles.addProfile(id, new Profiles.ProfileInput("Teen", true, "R", null, null))));
    var ps =
        assertInstanceOf(AccountOutcome.Profiles.class, join(f.profiles.profiles(id))).profiles();
    assertEquals(2, ps.size());
    var kid = ps.get(1);
    assertEquals("Kiddo", kid.name());
    assertTrue(kid.hasPin());
    assertEquals(
        new AccountOutcome.Ok(),
        join(
            f.profiles.updateProfile(
                id,
                kid.profileId(),
                new Profiles.ProfileInput("Kid", null, "PG", null, null, "1234", null),
                "ip")));
    // Another account's profile id is simply not found.
    AccountId other = f.signedUpAndVerified("bob@example.com");
    assertEquals(
        new AccountOutcome.NotFound(),
        join(
            f.profiles.updateProfile(
                other,
                kid.profileId(),
                new Profiles.ProfileInput("x", null, null, null, null),
                "ip")));
    assertEquals(
        new AccountOutcome.NotFound(), join(f.profiles.removeProfile(other, kid.profileId())));
    assertEquals(new AccountOutcome.Ok(), join(f.profiles.removeProfile(id, kid.profileId())));
    assertInstanceOf(AccountOutcome.Conflict.class, join(f.profiles.removeProfile(id, "main")));
  }

  /** The kid on the family tablet tries to lift its own limits. */
  @Test
  void aProtectedProfilesLimitsNeedItsPinOrThePassword() throws Exception {
    AccountId id = f.signedUpAndVerified("ann@example.com");
    join(f.profiles.addProfile(id, new Profiles.ProfileInput("Kiddo", true, "G", null, "4321")));
    join(f.profiles.addProfile(id, new Profiles.ProfileInput("Small", true, "G", null, null)));
    var ps =
        assertInstanceOf(AccountOutcome.Profiles.class, join(f.profiles.profiles(id))).profiles();
    String withPin = ps.get(1).profileId();
    String noPin = ps.get(2).profileId();

    for (var attack :
        java.util.List.of(
            new Profiles.ProfileInput(null, false, "R", null, null),
            new Profiles.ProfileInput(null, null, "PG", null, null),
            new Profiles.ProfileInput(null, null, null, null, ""),
            new Profiles.ProfileInput(null, null, null, null, "0000"),
            new Profiles.ProfileInput(null, false, "R", null, null, "0000", null),
            new Profiles.ProfileInput(null, false, "R", null, null, null, "wrong password"))) {
      assertEquals(
          new AccountOutcome.Forbidden(Profiles.PROOF_NEEDED),
          join(f.profiles.updateProfile(id, withPin, attack, "ip")),
          attack.toString());
      assertEquals(
          new AccountOutcome.Forbidden(Profiles.PROOF_NEEDED),
          join(f.profiles.updateProfile(id, noPin, attack, "ip")),
          attack.toString());
    }
    var unchanged = join(f.profiles.profile(id, withPin)).orElseThrow();
    assertTrue(unchanged.kids());
    assertEquals(MaturityRating.G, unchanged.maturityLimit());
    assertTrue(unchanged.pinHash() != null);

    // A new name needs no proof; the PIN or the password lets the parent change the limits.
    assertEquals(
        new AccountOutcome.Ok(),
        join(
            f.profiles.updateProfile(
                id, withPin, new Profiles.ProfileInput("Kid", null, null, null, null), "ip")));
    assertEquals(
        new AccountOutcome.Ok(),
        join(
            f.profiles.updateProfile(
                id,
                withPin,
                new Profiles.ProfileInput(null, null, "PG", null, null, "4321", null),
                "ip")));
    assertEquals(
        new AccountOutcome.Ok(),
        join(
            f.profiles.updateProfile(
                id,
                noPin,
                new Profiles.ProfileInput(
                    null, false, "R", null, null, null, AccountFixture.PASSWORD),
                "ip")));
    assertEquals(
        MaturityRating.PG, join(f.profiles.profile(id, withPin)).orElseThrow().maturityLimit());
    assertEquals(
        MaturityRating.R, join(f.profiles.profile(id, noPin)).orElseThrow().maturityLimit());
  }

  /** Guessing a 4-digit PIN: the throttle slows the guesser, not the parent on another device. */
  @Test
  void pinGuessesAreThrottledPerClient() throws Exception {
    AccountId id = f.signedUpAndVerified("ann@example.com");
    join(f.profiles.addProfile(id, new Profiles.ProfileInput("Kiddo", true, "G", null, "4321")));
    String kid =
        assertInstanceOf(AccountOutcome.Profiles.class, join(f.profiles.profiles(id)))
            .profiles()
            .get(1)
            .profileId();
    AccountOutcome last = null;
    for (int guess = 0; guess < 10 && !(last instanceof AccountOutcome.Throttled); guess++) {
      last =
          join(
              f.profiles.updateProfile(
                  id,
                  kid,
                  new Profiles.ProfileInput(
                      null, false, "R", null, null, String.format("%04d", guess), null),
                  "tablet"));
    }
    assertInstanceOf(AccountOutcome.Throttled.class, last);
    // Even the right PIN waits on that client; the parent's phone is not locked out.
    assertInstanceOf(
        AccountOutcome.Throttled.class,
        join(
            f.profiles.updateProfile(
                id,
                kid,
                new Profiles.ProfileInput(null, null, "PG", null, null, "4321", null),
                "tablet")));
    assertEquals(
        new AccountOutcome.Ok(),
        join(
            f.profiles.updateProfile(
                id,
                kid,
                new Profiles.ProfileInput(null, null, "PG", null, null, "4321", null),
                "phone")));
  }

  /** What playback asks before it plays: only an open account's own profiles are found. */
  @Test
  void profileFindsOnlyTheOpenAccountsOwnProfiles() throws Exception {
    AccountId id = f.signedUpAndVerified("ann@example.com");
    AccountId other = f.signedUpAndVerified("bob@example.com");
    assertEquals(
        new AccountOutcome.Ok(),
        join(f.profiles.addProfile(id, new Profiles.ProfileInput("Kiddo", true, "G", null, null))));
    var kid =
        assertInstanceOf(AccountOutcome.Profiles.class, join(f.profiles.profiles(id)))
            .profiles()
            .get(1);
    var found = join(f.profiles.profile(id, kid.profileId())).orElseThrow();
    assertTrue(found.kids());
    assertEquals(MaturityRating.G, found.maturityLimit());
    assertEquals(Optional.empty(), join(f.profiles.profile(other, kid.profileId())));
    assertEquals(new AccountOutcome.Ok(), join(f.myAccount.close(id)));
    assertEquals(Optional.empty(), join(f.profiles.profile(id, "main")));
  }
}

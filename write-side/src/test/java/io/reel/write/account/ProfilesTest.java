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
                id, kid.profileId(), new Profiles.ProfileInput("Kid", null, "PG", null, null))));
    // Another account's profile id is simply not found.
    AccountId other = f.signedUpAndVerified("bob@example.com");
    assertEquals(
        new AccountOutcome.NotFound(),
        join(
            f.profiles.updateProfile(
                other, kid.profileId(), new Profiles.ProfileInput("x", null, null, null, null))));
    assertEquals(
        new AccountOutcome.NotFound(), join(f.profiles.removeProfile(other, kid.profileId())));
    assertEquals(new AccountOutcome.Ok(), join(f.profiles.removeProfile(id, kid.profileId())));
    assertInstanceOf(AccountOutcome.Conflict.class, join(f.profiles.removeProfile(id, "main")));
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

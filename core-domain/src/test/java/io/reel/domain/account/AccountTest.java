package io.reel.domain.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.Decision;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given events, when a command, expect events (or a rejection). */
class AccountTest {

  private static final AccountId ID = new AccountId(42);
  private static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-12-01T11:00:00Z");
  private static final Sealed EMAIL = Sealed.of(new byte[] {1, 2, 3});
  private static final String HASH = "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA";
  private static final String HASH2 = "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$bmV3";
  private static final Profile MAIN = profile("main", false, MaturityRating.NR);

  private static Profile profile(String id, boolean kids, MaturityRating limit) {
    return new Profile(id, Sealed.of(new byte[] {9}), kids, limit, null, null);
  }

  private static final AccountEvent SIGNED_UP =
      new AccountEvent.SignedUp(ID, EMAIL, "eh", HASH, MAIN, T1);

  private static List<AccountEvent> when(List<AccountEvent> given, AccountCommand command) {
    Decision<AccountEvent> d = Account.decide(ID, Account.replay(given), command, T2);
    assertInstanceOf(Decision.Accepted.class, d, () -> "rejected: " + d);
    return ((Decision.Accepted<AccountEvent>) d).events();
  }

  private static Rejection rejected(List<AccountEvent> given, AccountCommand command) {
    Decision<AccountEvent> d = Account.decide(ID, Account.replay(given), command, T2);
    return assertInstanceOf(Decision.Rejected.class, d, () -> "accepted: " + d).rejection();
  }

  @Test
  void theOperatorRoleIsGrantedOnceRevokableAndNothingElseIsARole() {
    var granted = new AccountEvent.RoleGranted(ID, Account.OPERATOR, "7", T2);
    assertEquals(
        List.of(granted),
        when(List.of(SIGNED_UP), new AccountCommand.GrantRole(Account.OPERATOR, "7")));
    var withRole = List.of(SIGNED_UP, granted);
    assertEquals(
        java.util.Set.of(Account.OPERATOR),
        ((AccountState.Active) Account.replay(withRole)).roles());
    // A retry changes nothing; an unknown role or no grantor is refused.
    assertEquals(List.of(), when(withRole, new AccountCommand.GrantRole(Account.OPERATOR, "7")));
    assertEquals(
        Rejection.Kind.INVALID,
        rejected(List.of(SIGNED_UP), new AccountCommand.GrantRole("superuser", "7")).kind());
    assertEquals(
        Rejection.Kind.INVALID,
        rejected(List.of(SIGNED_UP), new AccountCommand.GrantRole(Account.OPERATOR, " ")).kind());
    var revoked = new AccountEvent.RoleRevoked(ID, Account.OPERATOR, "8", T2);
    assertEquals(
        List.of(revoked), when(withRole, new AccountCommand.RevokeRole(Account.OPERATOR, "8")));
    assertEquals(
        java.util.Set.of(),
        ((AccountState.Active) Account.replay(List.of(SIGNED_UP, granted, revoked))).roles());
    // Other changes keep the role.
    var verified = new AccountEvent.EmailVerified(ID, T2);
    assertEquals(
        java.util.Set.of(Account.OPERATOR),
        ((AccountState.Active) Account.replay(List.of(SIGNED_UP, granted, verified))).roles());
  }

  @Test
  void signUpCreatesAnUnverifiedAccountWithItsFirstProfile() {
    var events = when(List.of(), new AccountCommand.SignUp(EMAIL, "eh", HASH, MAIN));
    assertEquals(List.of(new AccountEvent.SignedUp(ID, EMAIL, "eh", HASH, MAIN, T2)), events);
    var state = assertInstanceOf(AccountState.Active.class, Account.replay(events));
    assertFalse(state.verified());
    assertEquals(List.of(MAIN), state.profiles());
  }

  @Test
  void signUpTwiceConflictsAndAPlaintextPasswordIsRefused() {
    assertEquals(
        Rejection.Kind.CONFLICT,
        rejected(List.of(SIGNED_UP), new AccountCommand.SignUp(EMAIL, "eh", HASH, MAIN)).kind());
    assertEquals(
        Rejection.Kind.INVALID,
        rejected(List.of(), new AccountCommand.SignUp(EMAIL, "eh", "hunter2", MAIN)).kind());
  }

  @Test
  void verifyWithTheIssuedTokenOnlyBeforeItExpires() {
    var issued = new AccountEvent.VerificationIssued(ID, "abc", T2.plusSeconds(60), T1);
    assertEquals(
        List.of(new AccountEvent.EmailVerified(ID, T2)),
        when(List.of(SIGNED_UP, issued), new AccountCommand.VerifyEmail("abc")));
    assertEquals(
        Rejection.Kind.INVALID,
        rejected(List.of(SIGNED_UP, issued), new AccountCommand.VerifyEmail("abd")).kind());
    var expired = new AccountEvent.VerificationIssued(ID, "abc", T2, T1);
    assertEquals(
        Rejection.Kind.INVALID,
        rejected(List.of(SIGNED_UP, expired), new AccountCommand.VerifyEmail("abc")).kind());
    assertEquals(
        Rejection.Kind.INVALID,
        rejected(List.of(SIGNED_UP), new AccountCommand.VerifyEmail("abc")).kind());
  }

  @Test
  void resetIsSingleUseExpiresAndVerifiesTheAddress() {
    var requested =
        new AccountEvent.PasswordResetRequested(ID, "tok", T2.plus(Duration.ofHours(1)), T1);
    var events =
        when(List.of(SIGNED_UP, requested), new AccountCommand.ResetPassword("tok", HASH2));
    assertEquals(
        List.of(
            new AccountEvent.PasswordReset(ID, HASH2, T2), new AccountEvent.EmailVerified(ID, T2)),
        events);
    List<AccountEvent> after = new ArrayList<>(List.of(SIGNED_UP, requested));
    after.addAll(events);
    var state = assertInstanceOf(AccountState.Active.class, Account.replay(after));
    assertEquals(HASH2, state.passwordHash());
    assertTrue(state.verified());
    assertEquals(
        Rejection.Kind.INVALID,
        rejected(after, new AccountCommand.ResetPassword("tok", HASH)).kind());
    var expired = new AccountEvent.PasswordResetRequested(ID, "tok", T1, T1);
    assertEquals(
        Rejection.Kind.INVALID,
        rejected(List.of(SIGNED_UP, expired), new AccountCommand.ResetPassword("tok", HASH2))
            .kind());
  }

  @Test
  void passwordChangeVoidsAPendingReset() {
    var requested = new AccountEvent.PasswordResetRequested(ID, "tok", T2.plusSeconds(60), T1);
    var changed = new AccountEvent.PasswordChanged(ID, HASH2, T1);
    assertEquals(
        Rejection.Kind.INVALID,
        rejected(
                List.of(SIGNED_UP, requested, changed),
                new AccountCommand.ResetPassword("tok", HASH))
            .kind());
  }

  @Test
  void atMostFiveProfiles() {
    List<AccountEvent> given = new ArrayList<>(List.of(SIGNED_UP));
    for (int i = 2; i <= Account.MAX_PROFILES; i++) {
      given.add(new AccountEvent.ProfileAdded(ID, profile("p" + i, false, MaturityRating.R), T1));
    }
    var r = rejected(given, new AccountCommand.AddProfile(profile("p6", false, MaturityRating.R)));
    assertEquals(Rejection.Kind.CONFLICT, r.kind());
  }

  @Test
  void kidsProfilesAreLimitedToPgAndLanguagesMustBeWellFormed() {
    assertEquals(
        Rejection.Kind.INVALID,
        rejected(
                List.of(SIGNED_UP),
                new AccountCommand.AddProfile(profile("kid", true, MaturityRating.PG_13)))
            .kind());
    assertEquals(
        List.of(new AccountEvent.ProfileAdded(ID, profile("kid", true, MaturityRating.PG), T2)),
        when(
            List.of(SIGNED_UP),
            new AccountCommand.AddProfile(profile("kid", true, MaturityRating.PG))));
    var badLanguage =
        new Profile("x", Sealed.of(new byte[] {1}), false, MaturityRating.R, "english!", null);
    assertEquals(
        Rejection.Kind.INVALID,
        rejected(List.of(SIGNED_UP), new AccountCommand.AddProfile(badLanguage)).kind());
    assertTrue(Profile.validLanguage("pt-BR"));
    assertFalse(Profile.validLanguage("zz-!!"));
  }

  @Test
  void updateAndRemoveProfilesButNeverTheLast() {
    var kid = profile("kid", true, MaturityRating.G);
    var added = new AccountEvent.ProfileAdded(ID, kid, T1);
    var renamed =
        new Profile("kid", Sealed.of(new byte[] {7}), true, MaturityRating.PG, "de", null);
    assertEquals(
        List.of(new AccountEvent.ProfileUpdated(ID, renamed, T2)),
        when(List.of(SIGNED_UP, added), new AccountCommand.UpdateProfile(renamed)));
    assertEquals(List.of(), when(List.of(SIGNED_UP, added), new AccountCommand.UpdateProfile(kid)));
    assertEquals(
        Rejection.Kind.NOT_FOUND,
        rejected(List.of(SIGNED_UP), new AccountCommand.UpdateProfile(renamed)).kind());
    assertEquals(
        List.of(new AccountEvent.ProfileRemoved(ID, "kid", T2)),
        when(List.of(SIGNED_UP, added), new AccountCommand.RemoveProfile("kid")));
    assertEquals(
        Rejection.Kind.CONFLICT,
        rejected(List.of(SIGNED_UP), new AccountCommand.RemoveProfile("main")).kind());
  }

  @Test
  void closingKeepsNoPersonalDataAndIsIdempotent() {
    var events = when(List.of(SIGNED_UP), new AccountCommand.Close());
    assertEquals(List.of(new AccountEvent.AccountClosed(ID, T2)), events);
    var closed = Account.replay(List.of(SIGNED_UP, events.get(0)));
    assertEquals(new AccountState.Closed(ID, T2), closed);
    assertEquals(List.of(), when(List.of(SIGNED_UP, events.get(0)), new AccountCommand.Close()));
    assertEquals(
        Rejection.Kind.NOT_FOUND,
        rejected(List.of(SIGNED_UP, events.get(0)), new AccountCommand.ChangePassword(HASH2))
            .kind());
  }

  @Test
  void nothingButSignUpOnAnEmptyAccount() {
    assertEquals(Rejection.Kind.NOT_FOUND, rejected(List.of(), new AccountCommand.Close()).kind());
    assertEquals(List.of(), when(List.of(), new AccountCommand.Get()));
  }

  @Test
  void accountIdsParseOnlyPositiveDecimals() {
    assertEquals(ID, AccountId.of("42"));
    assertTrue(AccountId.parse("-1").isEmpty());
    assertTrue(AccountId.parse("4x").isEmpty());
    assertTrue(AccountId.parse("0").isEmpty());
  }
}

package io.reel.domain.account;

import io.reel.domain.Decision;
import io.reel.domain.account.AccountCommand.AddProfile;
import io.reel.domain.account.AccountCommand.ChangePassword;
import io.reel.domain.account.AccountCommand.Close;
import io.reel.domain.account.AccountCommand.Get;
import io.reel.domain.account.AccountCommand.GrantRole;
import io.reel.domain.account.AccountCommand.IssueVerification;
import io.reel.domain.account.AccountCommand.RemoveProfile;
import io.reel.domain.account.AccountCommand.RequestPasswordReset;
import io.reel.domain.account.AccountCommand.ResetPassword;
import io.reel.domain.account.AccountCommand.RevokeRole;
import io.reel.domain.account.AccountCommand.SignUp;
import io.reel.domain.account.AccountCommand.UpdateProfile;
import io.reel.domain.account.AccountCommand.VerifyEmail;
import io.reel.domain.account.AccountState.Active;
import io.reel.domain.account.AccountState.Closed;
import io.reel.domain.account.AccountState.Empty;
import io.reel.domain.title.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The account aggregate's rules as pure functions. Repeats that would change nothing are accepted
 * with no events, so retries are harmless. Removing the last profile is refused: an account always
 * has a profile to watch with, and only closing the account removes it.
 */
public final class Account {

  public static final int MAX_PROFILES = 5;

  /** The operator role: may run the catalog, media and everything under {@code /admin}. */
  public static final String OPERATOR = "operator";

  /** Roles an account may be granted. */
  public static final Set<String> ROLES = Set.of(OPERATOR);

  private Account() {}

  public static Decision<AccountEvent> decide(
      AccountId id, AccountState state, AccountCommand command, Instant now) {
    if (command instanceof Get) {
      return Decision.accept();
    }
    if (command instanceof SignUp c) {
      return onSignUp(id, state, c, now);
    }
    if (state instanceof Empty) {
      return Decision.reject(notFound(id));
    }
    if (state instanceof Closed) {
      // Closing twice is a retry; anything else on a closed account finds nothing.
      return command instanceof Close ? Decision.accept() : reject(notFound(id));
    }
    Active a = (Active) state;
    if (command instanceof IssueVerification c) {
      return a.verified()
          ? Decision.accept()
          : Decision.accept(
              new AccountEvent.VerificationIssued(id, c.tokenHash(), c.expiresAt(), now));
    }
    if (command instanceof VerifyEmail c) {
      if (a.verified()) {
        return Decision.accept();
      }
      if (a.verification() == null || !a.verification().matches(c.tokenHash(), now)) {
        return reject(invalid("the verification token is invalid or expired"));
      }
      return Decision.accept(new AccountEvent.EmailVerified(id, now));
    }
    if (command instanceof ChangePassword c) {
      return Decision.accept(new AccountEvent.PasswordChanged(id, c.newHash(), now));
    }
    if (command instanceof RequestPasswordReset c) {
      return Decision.accept(
          new AccountEvent.PasswordResetRequested(id, c.tokenHash(), c.expiresAt(), now));
    }
    if (command instanceof ResetPassword c) {
      if (a.reset() == null || !a.reset().matches(c.tokenHash(), now)) {
        return reject(invalid("the reset token is invalid or expired"));
      }
      // The reset link reached the mailbox: that proves the address as well as a verification.
      return a.verified()
          ? Decision.accept(new AccountEvent.PasswordReset(id, c.newHash(), now))
          : Decision.accept(
              new AccountEvent.PasswordReset(id, c.newHash(), now),
              new AccountEvent.EmailVerified(id, now));
    }
    if (command instanceof AddProfile c) {
      List<String> v = c.profile().violations();
      if (!v.isEmpty()) {
        return reject(invalid(v));
      }
      if (a.profile(c.profile().profileId()).isPresent()) {
        return reject(Rejection.conflict("profile " + c.profile().profileId() + " exists"));
      }
      if (a.profiles().size() >= MAX_PROFILES) {
        return reject(Rejection.conflict("an account has at most " + MAX_PROFILES + " profiles"));
      }
      return Decision.accept(new AccountEvent.ProfileAdded(id, c.profile(), now));
    }
    if (command instanceof UpdateProfile c) {
      var existing = a.profile(c.profile().profileId());
      if (existing.isEmpty()) {
        return reject(profileNotFound(c.profile().profileId()));
      }
      List<String> v = c.profile().violations();
      if (!v.isEmpty()) {
        return reject(invalid(v));
      }
      return existing.get().equals(c.profile())
          ? Decision.accept()
          : Decision.accept(new AccountEvent.ProfileUpdated(id, c.profile(), now));
    }
    if (command instanceof RemoveProfile c) {
      if (a.profile(c.profileId()).isEmpty()) {
        return reject(profileNotFound(c.profileId()));
      }
      if (a.profiles().size() == 1) {
        return reject(
            Rejection.conflict("the last profile cannot be removed; close the account instead"));
      }
      return Decision.accept(new AccountEvent.ProfileRemoved(id, c.profileId(), now));
    }
    if (command instanceof Close) {
      return Decision.accept(new AccountEvent.AccountClosed(id, now));
    }
    if (command instanceof GrantRole c) {
      if (!ROLES.contains(c.role())) {
        return reject(invalid("role must be one of " + ROLES));
      }
      if (c.grantedBy() == null || c.grantedBy().isBlank()) {
        return reject(invalid("grantedBy is required"));
      }
      return a.roles().contains(c.role())
          ? Decision.accept()
          : Decision.accept(new AccountEvent.RoleGranted(id, c.role(), c.grantedBy(), now));
    }
    if (command instanceof RevokeRole c) {
      if (c.revokedBy() == null || c.revokedBy().isBlank()) {
        return reject(invalid("revokedBy is required"));
      }
      return a.roles().contains(c.role())
          ? Decision.accept(new AccountEvent.RoleRevoked(id, c.role(), c.revokedBy(), now))
          : Decision.accept();
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  private static Decision<AccountEvent> onSignUp(
      AccountId id, AccountState state, SignUp c, Instant now) {
    if (!(state instanceof Empty)) {
      return reject(Rejection.conflict("account " + id + " already exists"));
    }
    List<String> v = new ArrayList<>();
    if (c.email() == null) {
      v.add("email is required");
    }
    if (c.passwordHash() == null || !c.passwordHash().startsWith("$argon2id$")) {
      v.add("passwordHash must be an Argon2id hash");
    }
    if (c.firstProfile() == null) {
      v.add("a first profile is required");
    } else {
      v.addAll(c.firstProfile().violations());
    }
    if (!v.isEmpty()) {
      return reject(invalid(v));
    }
    return Decision.accept(
        new AccountEvent.SignedUp(
            id, c.email(), c.emailHash(), c.passwordHash(), c.firstProfile(), now));
  }

  public static AccountState evolve(AccountState state, AccountEvent event) {
    if (event instanceof AccountEvent.SignedUp e) {
      return new Active(
          e.accountId(),
          e.email(),
          e.emailHash(),
          e.passwordHash(),
          false,
          null,
          null,
          List.of(e.firstProfile()),
          e.occurredAt(),
          Set.of());
    }
    if (event instanceof AccountEvent.AccountClosed e) {
      return new Closed(e.accountId(), e.occurredAt());
    }
    if (!(state instanceof Active a)) {
      return state;
    }
    if (event instanceof AccountEvent.VerificationIssued e) {
      return with(
          a, a.passwordHash(), a.verified(), token(e.tokenHash(), e.expiresAt()), a.reset());
    }
    if (event instanceof AccountEvent.EmailVerified) {
      return with(a, a.passwordHash(), true, null, a.reset());
    }
    if (event instanceof AccountEvent.PasswordChanged e) {
      // A password change also voids a pending reset link.
      return with(a, e.passwordHash(), a.verified(), a.verification(), null);
    }
    if (event instanceof AccountEvent.PasswordResetRequested e) {
      return with(
          a, a.passwordHash(), a.verified(), a.verification(), token(e.tokenHash(), e.expiresAt()));
    }
    if (event instanceof AccountEvent.PasswordReset e) {
      return with(a, e.passwordHash(), a.verified(), a.verification(), null);
    }
    if (event instanceof AccountEvent.ProfileAdded e) {
      List<Profile> next = new ArrayList<>(a.profiles());
      next.add(e.profile());
      return withProfiles(a, next);
    }
    if (event instanceof AccountEvent.ProfileUpdated e) {
      List<Profile> next = new ArrayList<>();
      for (Profile p : a.profiles()) {
        next.add(p.profileId().equals(e.profile().profileId()) ? e.profile() : p);
      }
      return withProfiles(a, next);
    }
    if (event instanceof AccountEvent.ProfileRemoved e) {
      return withProfiles(
          a, a.profiles().stream().filter(p -> !p.profileId().equals(e.profileId())).toList());
    }
    if (event instanceof AccountEvent.RoleGranted e) {
      Set<String> roles = new HashSet<>(a.roles());
      roles.add(e.role());
      return withRoles(a, roles);
    }
    if (event instanceof AccountEvent.RoleRevoked e) {
      Set<String> roles = new HashSet<>(a.roles());
      roles.remove(e.role());
      return withRoles(a, roles);
    }
    return state;
  }

  public static AccountState replay(List<AccountEvent> events) {
    AccountState state = AccountState.EMPTY;
    for (AccountEvent e : events) {
      state = evolve(state, e);
    }
    return state;
  }

  private static OneTimeToken token(String hash, Instant expiresAt) {
    return new OneTimeToken(hash, expiresAt);
  }

  private static Active with(
      Active a,
      String passwordHash,
      boolean verified,
      OneTimeToken verification,
      OneTimeToken reset) {
    return copy(a, passwordHash, verified, verification, reset, a.profiles(), a.roles());
  }

  private static Active withProfiles(Active a, List<Profile> profiles) {
    return copy(
        a, a.passwordHash(), a.verified(), a.verification(), a.reset(), profiles, a.roles());
  }

  private static Active withRoles(Active a, Set<String> roles) {
    return copy(
        a, a.passwordHash(), a.verified(), a.verification(), a.reset(), a.profiles(), roles);
  }

  /** The account with what may change; its id, address and creation time never do. */
  private static Active copy(
      Active a,
      String passwordHash,
      boolean verified,
      OneTimeToken verification,
      OneTimeToken reset,
      List<Profile> profiles,
      Set<String> roles) {
    return new Active(
        a.accountId(),
        a.email(),
        a.emailHash(),
        passwordHash,
        verified,
        verification,
        reset,
        profiles,
        a.createdAt(),
        roles);
  }

  private static Decision<AccountEvent> reject(Rejection r) {
    return Decision.reject(r);
  }

  private static Rejection notFound(AccountId id) {
    return new Rejection(Rejection.Kind.NOT_FOUND, "no account with id " + id, List.of());
  }

  private static Rejection profileNotFound(String profileId) {
    return new Rejection(Rejection.Kind.NOT_FOUND, "no profile " + profileId, List.of());
  }

  private static Rejection invalid(String message) {
    return new Rejection(Rejection.Kind.INVALID, message, List.of());
  }

  private static Rejection invalid(List<String> details) {
    return new Rejection(Rejection.Kind.INVALID, "the request is invalid", details);
  }
}

package io.reel.write.account;

import static io.reel.write.account.AccountAsk.active;
import static io.reel.write.account.AccountAsk.done;

import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.domain.account.Profile;
import io.reel.domain.account.Sealed;
import io.reel.domain.title.MaturityRating;
import io.reel.write.account.AccountOutcome.ProfileView;
import io.reel.write.playback.ProfilePins;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The profiles of an account: list, look one up, add, update, remove. Names are sealed in the
 * vault; PINs are Argon2-hashed on {@code blocking}, never on the caller's dispatcher.
 */
public final class Profiles {

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A new or changed profile; null fields of an update keep their value. Changing the limits (kids,
   * maturity limit, PIN) of a protected profile (one with a PIN, or a kids profile) needs proof:
   * {@code currentPin}, its PIN, or {@code password}, the account's password.
   */
  public record ProfileInput(
      String name,
      Boolean kids,
      String maturityLimit,
      String language,
      String pin,
      String currentPin,
      String password) {

    public ProfileInput(
        String name, Boolean kids, String maturityLimit, String language, String pin) {
      this(name, kids, maturityLimit, language, pin, null, null);
    }

    @Override
    public String toString() {
      return "ProfileInput[kids=" + kids + ", maturityLimit=" + maturityLimit + "]";
    }
  }

  static final String PROOF_NEEDED =
      "changing the limits of a protected profile needs its PIN (currentPin) or the account"
          + " password (password)";

  private final AccountAsk accounts;
  private final PersonalDataVault vault;
  private final PasswordHasher hasher;
  private final Executor blocking;
  private final SignInThrottle throttle;

  /**
   * @param throttle guards PIN and password proofs like sign-ins, keyed by the profile
   */
  public Profiles(
      AccountEntities entities,
      PersonalDataVault vault,
      PasswordHasher hasher,
      Executor blocking,
      SignInThrottle throttle) {
    this.accounts = new AccountAsk(entities);
    this.vault = vault;
    this.hasher = hasher;
    this.blocking = blocking;
    this.throttle = throttle;
  }

  public CompletionStage<AccountOutcome> profiles(AccountId id) {
    return accounts
        .state(id)
        .thenCompose(
            s ->
                active(s)
                    .map(
                        a ->
                            views(vault, a)
                                .thenApply(ps -> (AccountOutcome) new AccountOutcome.Profiles(ps)))
                    .orElseGet(() -> done(new AccountOutcome.NotFound())));
  }

  /** The profile, when the account is open and has one by that id: for entitlement checks. */
  public CompletionStage<Optional<Profile>> profile(AccountId id, String profileId) {
    return accounts.state(id).thenApply(s -> active(s).flatMap(a -> a.profile(profileId)));
  }

  public CompletionStage<AccountOutcome> addProfile(AccountId id, ProfileInput in) {
    if (in.name() == null || in.name().isBlank() || in.name().length() > 50) {
      return done(
          new AccountOutcome.Invalid(
              "the profile is invalid", List.of("name must be 1..50 characters")));
    }
    byte[] b = new byte[9];
    RANDOM.nextBytes(b);
    String profileId = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    Profile blank = new Profile(profileId, null, false, MaturityRating.NR, null, null);
    return buildProfile(id, blank, in)
        .thenCompose(
            p ->
                p instanceof ProfileOrOutcome.Built built
                    ? accounts.outcome(id, new AccountCommand.AddProfile(built.profile()))
                    : done(((ProfileOrOutcome.Failed) p).outcome()));
  }

  /**
   * @param client who is asking (see {@link SignIn#signIn}): a wrong PIN or password counts against
   *     this client and this profile in the throttle
   */
  public CompletionStage<AccountOutcome> updateProfile(
      AccountId id, String profileId, ProfileInput in, String client) {
    return accounts
        .state(id)
        .thenCompose(
            s -> {
              Optional<AccountState.Active> account = active(s);
              Optional<Profile> current = account.flatMap(a -> a.profile(profileId));
              if (current.isEmpty()) {
                return done(new AccountOutcome.NotFound());
              }
              if (changesLimits(current.get(), in) && isProtected(current.get())) {
                if (in.currentPin() == null && in.password() == null) {
                  return done(new AccountOutcome.Forbidden(PROOF_NEEDED));
                }
                return throttle
                    .guard(
                        "pin:" + id.asString() + ":" + profileId,
                        client,
                        () -> proven(account.get(), current.get(), in))
                    .thenCompose(
                        g ->
                            g.throttled()
                                ? done(new AccountOutcome.Throttled(g.retryAfter()))
                                : g.ok()
                                    ? update(id, current.get(), in)
                                    : done(new AccountOutcome.Forbidden(PROOF_NEEDED)));
              }
              return update(id, current.get(), in);
            });
  }

  /**
   * The PIN check behind playing above a profile's limit: only a grown-up profile with a PIN can be
   * unlocked, and a wrong PIN counts in the throttle like a wrong password.
   */
  public ProfilePins pins() {
    return (accountId, profileId, pin, client) -> {
      Optional<AccountId> id = AccountId.parse(accountId);
      if (id.isEmpty() || pin == null) {
        return CompletableFuture.completedFuture(ProfilePins.Result.REFUSED);
      }
      return accounts
          .state(id.get())
          .thenCompose(
              s -> {
                Optional<Profile> p = active(s).flatMap(a -> a.profile(profileId));
                if (p.isEmpty() || p.get().kids() || p.get().pinHash() == null) {
                  return CompletableFuture.completedFuture(ProfilePins.Result.REFUSED);
                }
                return throttle
                    .guard(
                        "pin:" + accountId + ":" + profileId,
                        client,
                        () ->
                            HashingPool.supply(
                                blocking, () -> hasher.verify(pin, p.get().pinHash())))
                    .thenApply(
                        g ->
                            g.throttled()
                                ? ProfilePins.Result.THROTTLED
                                : g.ok()
                                    ? ProfilePins.Result.UNLOCKED
                                    : ProfilePins.Result.REFUSED);
              });
    };
  }

  /** A profile with a PIN, or a kids profile: its limits are the parent's to change. */
  static boolean isProtected(Profile p) {
    return p.pinHash() != null || p.kids();
  }

  /** Whether the input would change the kids flag, the maturity limit or the PIN. */
  static boolean changesLimits(Profile p, ProfileInput in) {
    boolean kids = in.kids() != null && in.kids() != p.kids();
    boolean limit =
        in.maturityLimit() != null
            && !MaturityRating.parse(in.maturityLimit()).equals(Optional.of(p.maturityLimit()));
    return kids || limit || in.pin() != null;
  }

  /** The profile's PIN or the account's password, checked on {@code blocking} (Argon2). */
  private CompletionStage<Boolean> proven(
      AccountState.Active account, Profile profile, ProfileInput in) {
    if (in.currentPin() != null && profile.pinHash() != null) {
      return HashingPool.supply(blocking, () -> hasher.verify(in.currentPin(), profile.pinHash()));
    }
    if (in.password() != null) {
      return HashingPool.supply(
          blocking, () -> hasher.verify(in.password(), account.passwordHash()));
    }
    return CompletableFuture.completedFuture(false);
  }

  private CompletionStage<AccountOutcome> update(AccountId id, Profile current, ProfileInput in) {
    return buildProfile(id, current, in)
        .thenCompose(
            p ->
                p instanceof ProfileOrOutcome.Built built
                    ? accounts.outcome(id, new AccountCommand.UpdateProfile(built.profile()))
                    : done(((ProfileOrOutcome.Failed) p).outcome()));
  }

  public CompletionStage<AccountOutcome> removeProfile(AccountId id, String profileId) {
    return accounts.outcome(id, new AccountCommand.RemoveProfile(profileId));
  }

  /** The account's profiles as shown to their owner, names opened from the vault. */
  static CompletionStage<List<ProfileView>> views(PersonalDataVault vault, AccountState.Active a) {
    CompletionStage<List<ProfileView>> out = CompletableFuture.completedFuture(new ArrayList<>());
    for (Profile p : a.profiles()) {
      out =
          out.thenCombine(
              vault.open(a.accountId(), p.name()),
              (list, name) -> {
                list.add(
                    new ProfileView(
                        p.profileId(),
                        name.orElse(null),
                        p.kids(),
                        p.maturityLimit(),
                        p.language(),
                        p.pinHash() != null));
                return list;
              });
    }
    return out.thenApply(List::copyOf);
  }

  private sealed interface ProfileOrOutcome {
    record Built(Profile profile) implements ProfileOrOutcome {}

    record Failed(AccountOutcome outcome) implements ProfileOrOutcome {}
  }

  private CompletionStage<ProfileOrOutcome> buildProfile(
      AccountId id, Profile base, ProfileInput in) {
    List<String> errors = new ArrayList<>();
    MaturityRating limit = base.maturityLimit();
    if (in.maturityLimit() != null) {
      Optional<MaturityRating> parsed = MaturityRating.parse(in.maturityLimit());
      if (parsed.isEmpty()) {
        errors.add("maturityLimit is not a known rating");
      } else {
        limit = parsed.get();
      }
    }
    if (in.pin() != null && !in.pin().isEmpty() && !in.pin().matches("[0-9]{4,8}")) {
      errors.add("pin must be 4..8 digits");
    }
    if (in.name() != null && (in.name().isBlank() || in.name().length() > 50)) {
      errors.add("name must be 1..50 characters");
    }
    if (!errors.isEmpty()) {
      return CompletableFuture.completedFuture(
          new ProfileOrOutcome.Failed(
              new AccountOutcome.Invalid("the profile is invalid", errors)));
    }
    boolean kids = in.kids() == null ? base.kids() : in.kids();
    String language = in.language() == null ? base.language() : in.language();
    MaturityRating finalLimit = limit;
    CompletionStage<Sealed> name =
        in.name() == null
            ? CompletableFuture.completedFuture(base.name())
            : vault.seal(id, in.name());
    CompletionStage<String> pin =
        in.pin() == null
            ? CompletableFuture.completedFuture(base.pinHash())
            : in.pin().isEmpty()
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> hasher.hash(in.pin()), blocking);
    return name.thenCombine(
        pin,
        (n, p) ->
            new ProfileOrOutcome.Built(
                new Profile(base.profileId(), n, kids, finalLimit, language, p)));
  }
}

package io.reel.write.account;

import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.domain.account.Profile;
import io.reel.domain.account.Sealed;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.Rejection;
import io.reel.write.account.AccountOutcome.AccountView;
import io.reel.write.account.AccountOutcome.ProfileView;
import io.reel.write.auth.Tokens;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account use cases, orchestrating the entity, the e-mail index, the vault, the hasher, the
 * throttle, the mailer and the token port. Answers never tell whether an address is registered:
 * sign-up with a taken address answers like a fresh one (and mails the owner), a reset request
 * always succeeds, and a sign-in with an unknown address burns the time of a real hash check.
 * Argon2 work runs on {@code blocking}, never on the caller's dispatcher.
 */
public final class AccountService {

  private static final Logger log = LoggerFactory.getLogger(AccountService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String BAD_TOKEN = "the token is invalid or expired";

  /** A new or changed profile; null fields of an update keep their value. */
  public record ProfileInput(
      String name, Boolean kids, String maturityLimit, String language, String pin) {}

  private final AccountEntities entities;
  private final Supplier<AccountId> newId;
  private final EmailHasher emailHasher;
  private final EmailIndex index;
  private final PersonalDataVault vault;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final SignInThrottle throttle;
  private final Mailer mailer;
  private final Tokens tokens;
  private final AccountSettings settings;
  private final Clock clock;
  private final Executor blocking;

  public AccountService(
      AccountEntities entities,
      Supplier<AccountId> newId,
      EmailHasher emailHasher,
      EmailIndex index,
      PersonalDataVault vault,
      PasswordHasher hasher,
      PasswordPolicy policy,
      SignInThrottle throttle,
      Mailer mailer,
      Tokens tokens,
      AccountSettings settings,
      Clock clock,
      Executor blocking) {
    this.entities = entities;
    this.newId = newId;
    this.emailHasher = emailHasher;
    this.index = index;
    this.vault = vault;
    this.hasher = hasher;
    this.policy = policy;
    this.throttle = throttle;
    this.mailer = mailer;
    this.tokens = tokens;
    this.settings = settings;
    this.clock = clock;
    this.blocking = blocking;
  }

  // ---- sign-up and verification

  public CompletionStage<AccountOutcome> signUp(String email, String password) {
    List<String> errors = new ArrayList<>(emailViolations(email));
    errors.addAll(policy.violations(password, email));
    if (!errors.isEmpty()) {
      return done(new AccountOutcome.Invalid("the sign-up is invalid", errors));
    }
    String emailHash = emailHasher.hash(email);
    AccountId fresh = newId.get();
    // Hash before the index lookup, so a taken address costs the same time as a fresh one.
    return CompletableFuture.supplyAsync(() -> hasher.hash(password), blocking)
        .thenCompose(
            passwordHash ->
                index
                    .claim(emailHash, fresh)
                    .thenCompose(
                        owner ->
                            owner.equals(fresh)
                                ? create(owner, email, emailHash, passwordHash)
                                : existing(owner, email, emailHash, passwordHash)))
        .thenApply(x -> new AccountOutcome.Ok());
  }

  private CompletionStage<Void> existing(
      AccountId owner, String email, String emailHash, String passwordHash) {
    return state(owner)
        .thenCompose(
            s -> {
              if (s instanceof AccountState.Empty) {
                // An earlier sign-up claimed the address and then failed: finish it now.
                return create(owner, email, emailHash, passwordHash);
              }
              return mailer.send(
                  new Mailer.Mail(owner, email, Mailer.Kind.ALREADY_REGISTERED, null));
            });
  }

  private CompletionStage<Void> create(
      AccountId id, String email, String emailHash, String passwordHash) {
    return vault
        .create(id)
        .thenCompose(x -> vault.seal(id, EmailHasher.normalize(email)))
        .thenCompose(
            sealedEmail ->
                vault
                    .seal(id, "Main")
                    .thenCompose(
                        name ->
                            entities.ask(
                                id,
                                new AccountCommand.SignUp(
                                    sealedEmail,
                                    emailHash,
                                    passwordHash,
                                    new Profile(
                                        "main", name, false, MaturityRating.NR, null, null)))))
        .thenCompose(reply -> sendVerification(id, email));
  }

  private CompletionStage<Void> sendVerification(AccountId id, String email) {
    String token = MailTokens.newToken(id);
    return entities
        .ask(
            id,
            new AccountCommand.IssueVerification(
                MailTokens.sha256(token), clock.instant().plus(settings.verificationTtl())))
        .thenCompose(
            reply ->
                mailer.send(
                    new Mailer.Mail(
                        id,
                        email,
                        Mailer.Kind.VERIFY_EMAIL,
                        settings.publicBaseUrl() + "/verify?token=" + token)));
  }

  public CompletionStage<AccountOutcome> verifyEmail(String token) {
    Optional<AccountId> id = MailTokens.accountOf(token);
    if (id.isEmpty()) {
      return done(invalidToken());
    }
    return entities
        .ask(id.get(), new AccountCommand.VerifyEmail(MailTokens.sha256(token)))
        .thenApply(
            r -> r instanceof AccountReply.Accepted ? new AccountOutcome.Ok() : invalidToken());
  }

  // ---- sign-in and passwords

  /**
   * @param clientIp the client's address as the edge sees it (the forwarded one behind a proxy)
   */
  public CompletionStage<AccountOutcome> signIn(String email, String password, String clientIp) {
    String emailHash = emailHasher.hash(email == null ? "" : email);
    String accountKey = SignInThrottle.accountKey(emailHash);
    String clientKey = SignInThrottle.clientKey(clientIp);
    Optional<java.time.Duration> wait = throttle.retryAfter(accountKey, clientKey);
    if (wait.isPresent()) {
      return done(new AccountOutcome.Throttled(wait.get()));
    }
    return index
        .lookup(emailHash)
        .thenCompose(
            owner ->
                owner.isEmpty()
                    ? CompletableFuture.completedFuture(Optional.<AccountState.Active>empty())
                    : state(owner.get()).thenApply(AccountService::active))
        .thenCompose(
            active ->
                CompletableFuture.supplyAsync(
                        () ->
                            active.isPresent()
                                ? hasher.verify(password, active.get().passwordHash())
                                : hasher.verifyDummy(password),
                        blocking)
                    .thenCompose(
                        ok -> {
                          if (!ok) {
                            throttle.failure(accountKey, clientKey);
                            return done(new AccountOutcome.Unauthorized());
                          }
                          throttle.success(accountKey);
                          AccountState.Active a = active.get();
                          rehashIfNeeded(a, password);
                          return tokens
                              .issue(a.accountId().asString())
                              .thenApply(
                                  pair -> (AccountOutcome) new AccountOutcome.SignedIn(pair));
                        }));
  }

  private void rehashIfNeeded(AccountState.Active a, String password) {
    if (hasher.needsRehash(a.passwordHash())) {
      CompletableFuture.supplyAsync(() -> hasher.hash(password), blocking)
          .thenCompose(h -> entities.ask(a.accountId(), new AccountCommand.ChangePassword(h)))
          .whenComplete(
              (r, e) -> {
                if (e != null) {
                  log.warn("rehash of account {} failed: {}", a.accountId(), e.toString());
                }
              });
    }
  }

  public CompletionStage<AccountOutcome> changePassword(
      AccountId id, String currentPassword, String newPassword) {
    return state(id)
        .thenCompose(
            s -> {
              Optional<AccountState.Active> a = active(s);
              if (a.isEmpty()) {
                return done(new AccountOutcome.NotFound());
              }
              String accountKey = SignInThrottle.accountKey(a.get().emailHash());
              Optional<java.time.Duration> wait = throttle.retryAfter(accountKey);
              if (wait.isPresent()) {
                return done(new AccountOutcome.Throttled(wait.get()));
              }
              return CompletableFuture.supplyAsync(
                      () -> hasher.verify(currentPassword, a.get().passwordHash()), blocking)
                  .thenCompose(
                      ok -> {
                        if (!ok) {
                          throttle.failure(accountKey);
                          return done(new AccountOutcome.Unauthorized());
                        }
                        return setPassword(
                            a.get(), newPassword, h -> new AccountCommand.ChangePassword(h));
                      });
            });
  }

  /** Always Ok, at once: the work goes on behind the answer, so its time reveals nothing. */
  public CompletionStage<AccountOutcome> requestPasswordReset(String email) {
    if (!emailViolations(email).isEmpty()) {
      return done(new AccountOutcome.Ok());
    }
    String emailHash = emailHasher.hash(email);
    index
        .lookup(emailHash)
        .thenCompose(
            owner ->
                owner.isEmpty()
                    ? CompletableFuture.completedFuture(Optional.<AccountState.Active>empty())
                    : state(owner.get()).thenApply(AccountService::active))
        .thenCompose(
            active -> {
              if (active.isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              AccountId id = active.get().accountId();
              String token = MailTokens.newToken(id);
              return entities
                  .ask(
                      id,
                      new AccountCommand.RequestPasswordReset(
                          MailTokens.sha256(token), clock.instant().plus(settings.resetTtl())))
                  .thenCompose(
                      r ->
                          mailer.send(
                              new Mailer.Mail(
                                  id,
                                  email,
                                  Mailer.Kind.PASSWORD_RESET,
                                  settings.publicBaseUrl() + "/reset-password?token=" + token)));
            })
        .whenComplete(
            (x, e) -> {
              if (e != null) {
                log.warn("password reset request failed: {}", e.toString());
              }
            });
    return done(new AccountOutcome.Ok());
  }

  public CompletionStage<AccountOutcome> resetPassword(String token, String newPassword) {
    Optional<AccountId> id = MailTokens.accountOf(token);
    if (id.isEmpty()) {
      return done(invalidToken());
    }
    String tokenHash = MailTokens.sha256(token);
    return state(id.get())
        .thenCompose(
            s -> {
              Optional<AccountState.Active> a = active(s);
              if (a.isEmpty() || a.get().reset() == null) {
                return done(invalidToken());
              }
              return setPassword(
                  a.get(), newPassword, h -> new AccountCommand.ResetPassword(tokenHash, h));
            });
  }

  private CompletionStage<AccountOutcome> setPassword(
      AccountState.Active a,
      String newPassword,
      java.util.function.Function<String, AccountCommand> command) {
    AccountId id = a.accountId();
    return vault
        .open(id, a.email())
        .thenCompose(
            email -> {
              List<String> errors = policy.violations(newPassword, email.orElse(""));
              if (!errors.isEmpty()) {
                return done(new AccountOutcome.Invalid("the new password is not allowed", errors));
              }
              return CompletableFuture.supplyAsync(() -> hasher.hash(newPassword), blocking)
                  .thenCompose(h -> entities.ask(id, command.apply(h)))
                  .thenCompose(
                      r -> {
                        if (r instanceof AccountReply.Rejected) {
                          return done(invalidToken());
                        }
                        // Every session of the old password ends.
                        return tokens
                            .revokeAll(id.asString())
                            .thenApply(d -> (AccountOutcome) new AccountOutcome.Ok());
                      });
            });
  }

  // ---- the signed-in account

  public CompletionStage<AccountOutcome> me(AccountId id) {
    return state(id)
        .thenCompose(
            s -> {
              Optional<AccountState.Active> a = active(s);
              if (a.isEmpty()) {
                return done(new AccountOutcome.NotFound());
              }
              return vault
                  .open(id, a.get().email())
                  .thenCompose(
                      email ->
                          profileViews(a.get())
                              .thenApply(
                                  ps ->
                                      new AccountOutcome.Me(
                                          new AccountView(
                                              id.asString(),
                                              email.orElse(null),
                                              a.get().verified(),
                                              ps))));
            });
  }

  /** Closes the account and erases its personal data: the data key goes, so does the address. */
  public CompletionStage<AccountOutcome> close(AccountId id) {
    return state(id)
        .thenCompose(
            s -> {
              if (s instanceof AccountState.Closed) {
                // A retried close finishes the erasure steps; all are idempotent.
                return vault
                    .destroy(id)
                    .thenCompose(x -> tokens.revokeAll(id.asString()))
                    .thenApply(x -> (AccountOutcome) new AccountOutcome.Ok());
              }
              Optional<AccountState.Active> a = active(s);
              if (a.isEmpty()) {
                return done(new AccountOutcome.NotFound());
              }
              return entities
                  .ask(id, new AccountCommand.Close())
                  .thenCompose(r -> vault.destroy(id))
                  .thenCompose(x -> index.release(a.get().emailHash(), id))
                  .thenCompose(x -> tokens.revokeAll(id.asString()))
                  .thenApply(x -> new AccountOutcome.Ok());
            });
  }

  public CompletionStage<AccountOutcome> profiles(AccountId id) {
    return state(id)
        .thenCompose(
            s ->
                active(s)
                    .map(
                        a ->
                            profileViews(a)
                                .thenApply(ps -> (AccountOutcome) new AccountOutcome.Profiles(ps)))
                    .orElseGet(() -> done(new AccountOutcome.NotFound())));
  }

  /** The profile, when the account is open and has one by that id: for entitlement checks. */
  public CompletionStage<Optional<Profile>> profile(AccountId id, String profileId) {
    return state(id).thenApply(s -> active(s).flatMap(a -> a.profile(profileId)));
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
                    ? entities
                        .ask(id, new AccountCommand.AddProfile(built.profile()))
                        .thenApply(AccountService::toOutcome)
                    : done(((ProfileOrOutcome.Failed) p).outcome()));
  }

  public CompletionStage<AccountOutcome> updateProfile(
      AccountId id, String profileId, ProfileInput in) {
    return state(id)
        .thenCompose(
            s -> {
              Optional<Profile> current = active(s).flatMap(a -> a.profile(profileId));
              if (current.isEmpty()) {
                return done(new AccountOutcome.NotFound());
              }
              return buildProfile(id, current.get(), in)
                  .thenCompose(
                      p ->
                          p instanceof ProfileOrOutcome.Built built
                              ? entities
                                  .ask(id, new AccountCommand.UpdateProfile(built.profile()))
                                  .thenApply(AccountService::toOutcome)
                              : done(((ProfileOrOutcome.Failed) p).outcome()));
            });
  }

  public CompletionStage<AccountOutcome> removeProfile(AccountId id, String profileId) {
    return entities
        .ask(id, new AccountCommand.RemoveProfile(profileId))
        .thenApply(AccountService::toOutcome);
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

  private CompletionStage<List<ProfileView>> profileViews(AccountState.Active a) {
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

  // ---- helpers

  private CompletionStage<AccountState> state(AccountId id) {
    return entities
        .ask(id, new AccountCommand.Get())
        .thenApply(r -> r instanceof AccountReply.Accepted a ? a.state() : AccountState.EMPTY);
  }

  private static Optional<AccountState.Active> active(AccountState s) {
    return s instanceof AccountState.Active a ? Optional.of(a) : Optional.empty();
  }

  private static AccountOutcome toOutcome(AccountReply r) {
    if (r instanceof AccountReply.Accepted) {
      return new AccountOutcome.Ok();
    }
    Rejection rej = ((AccountReply.Rejected) r).rejection();
    return switch (rej.kind()) {
      case INVALID -> new AccountOutcome.Invalid(rej.message(), rej.details());
      case NOT_FOUND -> new AccountOutcome.NotFound();
      case CONFLICT -> new AccountOutcome.Conflict(rej.message());
    };
  }

  private static AccountOutcome invalidToken() {
    return new AccountOutcome.Invalid(BAD_TOKEN, List.of());
  }

  static List<String> emailViolations(String email) {
    if (email == null
        || email.strip().length() < 3
        || email.strip().length() > 254
        || !email.strip().matches("[^@\\s]+@[^@\\s]+")) {
      return List.of("email must be an e-mail address");
    }
    return List.of();
  }

  private static CompletionStage<AccountOutcome> done(AccountOutcome o) {
    return CompletableFuture.completedFuture(o);
  }
}

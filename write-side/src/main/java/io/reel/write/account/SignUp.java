package io.reel.write.account;

import static io.reel.write.account.AccountAsk.done;
import static io.reel.write.account.AccountAsk.invalidToken;

import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.domain.account.Profile;
import io.reel.domain.title.MaturityRating;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Sign-up and e-mail verification. A taken address answers like a fresh one (and mails the owner),
 * so the answer never tells whether an address is registered. Argon2 work runs on {@code blocking}
 * (the bounded {@link HashingPool}), never on the caller's dispatcher; a full pool answers 503.
 */
public final class SignUp {

  private final AccountAsk accounts;
  private final Supplier<AccountId> newId;
  private final EmailHasher emailHasher;
  private final EmailIndex index;
  private final PersonalDataVault vault;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final Mailer mailer;
  private final AccountSettings settings;
  private final Clock clock;
  private final Executor blocking;

  public SignUp(
      AccountEntities entities,
      Supplier<AccountId> newId,
      EmailHasher emailHasher,
      EmailIndex index,
      PersonalDataVault vault,
      PasswordHasher hasher,
      PasswordPolicy policy,
      Mailer mailer,
      AccountSettings settings,
      Clock clock,
      Executor blocking) {
    this.accounts = new AccountAsk(entities);
    this.newId = newId;
    this.emailHasher = emailHasher;
    this.index = index;
    this.vault = vault;
    this.hasher = hasher;
    this.policy = policy;
    this.mailer = mailer;
    this.settings = settings;
    this.clock = clock;
    this.blocking = blocking;
  }

  public CompletionStage<AccountOutcome> signUp(String email, String password) {
    List<String> errors = new ArrayList<>(emailViolations(email));
    errors.addAll(policy.violations(password, email));
    if (!errors.isEmpty()) {
      return done(new AccountOutcome.Invalid("the sign-up is invalid", errors));
    }
    String emailHash = emailHasher.hash(email);
    AccountId fresh = newId.get();
    // Hash before the index lookup, so a taken address costs the same time as a fresh one.
    return HashingPool.supply(blocking, () -> hasher.hash(password))
        .thenCompose(
            passwordHash ->
                index
                    .claim(emailHash, fresh)
                    .thenCompose(
                        owner ->
                            owner.equals(fresh)
                                ? create(owner, email, passwordHash)
                                : existing(owner, email, passwordHash)))
        .thenApply(x -> new AccountOutcome.Ok());
  }

  private CompletionStage<Void> existing(AccountId owner, String email, String passwordHash) {
    return accounts
        .state(owner)
        .thenCompose(
            s -> {
              if (s instanceof AccountState.Empty) {
                // An earlier sign-up claimed the address and then failed: finish it now.
                return create(owner, email, passwordHash);
              }
              return mailer.send(
                  new Mailer.Mail(owner, email, Mailer.Kind.ALREADY_REGISTERED, null));
            });
  }

  private CompletionStage<Void> create(AccountId id, String email, String passwordHash) {
    return vault
        .create(id)
        .thenCompose(x -> vault.seal(id, EmailHasher.normalize(email)))
        .thenCompose(
            sealedEmail ->
                vault
                    .seal(id, "Main")
                    .thenCompose(
                        name ->
                            accounts.ask(
                                id,
                                new AccountCommand.SignUp(
                                    sealedEmail,
                                    // The keyed hash stays out of the journal: derived from
                                    // the sealed address when needed, erased with it.
                                    null,
                                    passwordHash,
                                    new Profile(
                                        "main", name, false, MaturityRating.NR, null, null)))))
        .thenCompose(reply -> sendVerification(id, email));
  }

  private CompletionStage<Void> sendVerification(AccountId id, String email) {
    String token = MailTokens.newToken(id);
    return accounts
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
    return accounts
        .ask(id.get(), new AccountCommand.VerifyEmail(MailTokens.sha256(token)))
        .thenApply(
            r -> r instanceof AccountReply.Accepted ? new AccountOutcome.Ok() : invalidToken());
  }

  /** The address rule, shared with the reset request. */
  static List<String> emailViolations(String email) {
    if (email == null
        || email.strip().length() < 3
        || email.strip().length() > 254
        || !email.strip().matches("[^@\\s]+@[^@\\s]+")) {
      return List.of("email must be an e-mail address");
    }
    return List.of();
  }
}

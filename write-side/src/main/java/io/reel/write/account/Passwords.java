package io.reel.write.account;

import static io.reel.write.account.AccountAsk.active;
import static io.reel.write.account.AccountAsk.done;
import static io.reel.write.account.AccountAsk.invalidToken;

import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.write.auth.Tokens;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials: change the password, request a reset link, reset with it. A reset request always
 * succeeds at once, so it never tells whether an address is registered. A new password ends every
 * session of the old one. Argon2 work runs on {@code blocking} (the bounded {@link HashingPool}),
 * never on the caller's dispatcher.
 */
public final class Passwords {

  private static final Logger log = LoggerFactory.getLogger(Passwords.class);

  private final AccountAsk accounts;
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

  /**
   * @param throttle the one {@link SignIn} uses too
   */
  public Passwords(
      AccountEntities entities,
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
    this.accounts = new AccountAsk(entities);
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

  /**
   * @param client who is asking (see {@link SignIn#signIn}): a wrong current password is a failed
   *     sign-in of this client against this account
   */
  public CompletionStage<AccountOutcome> changePassword(
      AccountId id, String currentPassword, String newPassword, String client) {
    return accounts.whenActive(
        id,
        a ->
            AccountAsk.emailHash(a, vault, emailHasher)
                .thenCompose(
                    hash ->
                        throttle.guard(
                            hash.orElse("account:" + id.asString()),
                            client,
                            () ->
                                HashingPool.supply(
                                    blocking,
                                    () -> hasher.verify(currentPassword, a.passwordHash()))))
                .thenCompose(
                    g -> {
                      if (g.throttled()) {
                        return done(new AccountOutcome.Throttled(g.retryAfter()));
                      }
                      return g.ok()
                          ? setPassword(a, newPassword, h -> new AccountCommand.ChangePassword(h))
                          : done(new AccountOutcome.Unauthorized());
                    }));
  }

  /** Always Ok, at once: the work goes on behind the answer, so its time reveals nothing. */
  public CompletionStage<AccountOutcome> requestPasswordReset(String email) {
    if (!SignUp.emailViolations(email).isEmpty()) {
      return done(new AccountOutcome.Ok());
    }
    String emailHash = emailHasher.hash(email);
    index
        .lookup(emailHash)
        .thenCompose(accounts::activeOwner)
        .thenCompose(
            active -> {
              if (active.isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              AccountId id = active.get().accountId();
              String token = MailTokens.newToken(id);
              return accounts
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
    return accounts
        .state(id.get())
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
      AccountState.Active a, String newPassword, Function<String, AccountCommand> command) {
    AccountId id = a.accountId();
    return vault
        .open(id, a.email())
        .thenCompose(
            email -> {
              List<String> errors = policy.violations(newPassword, email.orElse(""));
              if (!errors.isEmpty()) {
                return done(new AccountOutcome.Invalid("the new password is not allowed", errors));
              }
              return HashingPool.supply(blocking, () -> hasher.hash(newPassword))
                  .thenCompose(h -> accounts.ask(id, command.apply(h)))
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
}

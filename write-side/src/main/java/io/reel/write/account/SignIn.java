package io.reel.write.account;

import static io.reel.write.account.AccountAsk.done;

import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountState;
import io.reel.write.auth.Tokens;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in: throttle, password check, rehash, tokens. An unknown address burns the time of a real
 * hash check and fails like a wrong password. Argon2 work runs on {@code blocking}, never on the
 * caller's dispatcher.
 */
public final class SignIn {

  private static final Logger log = LoggerFactory.getLogger(SignIn.class);

  private final AccountAsk accounts;
  private final EmailHasher emailHasher;
  private final EmailIndex index;
  private final PasswordHasher hasher;
  private final SignInThrottle throttle;
  private final Tokens tokens;
  private final Executor blocking;

  /**
   * @param throttle the one {@link Passwords} uses too: a wrong current password in a password
   *     change counts as a failed sign-in, and a throttled account cannot change its password
   */
  public SignIn(
      AccountEntities entities,
      EmailHasher emailHasher,
      EmailIndex index,
      PasswordHasher hasher,
      SignInThrottle throttle,
      Tokens tokens,
      Executor blocking) {
    this.accounts = new AccountAsk(entities);
    this.emailHasher = emailHasher;
    this.index = index;
    this.hasher = hasher;
    this.throttle = throttle;
    this.tokens = tokens;
    this.blocking = blocking;
  }

  /**
   * @param clientIp the client's address as the edge sees it (the forwarded one behind a proxy)
   */
  public CompletionStage<AccountOutcome> signIn(String email, String password, String clientIp) {
    String emailHash = emailHasher.hash(email == null ? "" : email);
    String accountKey = SignInThrottle.accountKey(emailHash);
    String clientKey = SignInThrottle.clientKey(clientIp);
    Optional<Duration> wait = throttle.retryAfter(accountKey, clientKey);
    if (wait.isPresent()) {
      return done(new AccountOutcome.Throttled(wait.get()));
    }
    return index
        .lookup(emailHash)
        .thenCompose(accounts::activeOwner)
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
          .thenCompose(h -> accounts.ask(a.accountId(), new AccountCommand.ChangePassword(h)))
          .whenComplete(
              (r, e) -> {
                if (e != null) {
                  log.warn("rehash of account {} failed: {}", a.accountId(), e.toString());
                }
              });
    }
  }
}

package io.reel.write.account;

import static io.reel.write.account.AccountAsk.done;

import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountState;
import io.reel.write.auth.Tokens;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in: throttle reservation, password check, rehash, tokens. An unknown address burns the time
 * of a real hash check and fails like a wrong password. Argon2 work runs on {@code blocking} (the
 * bounded {@link HashingPool}), never on the caller's dispatcher; a full pool fails the stage with
 * {@code Overloaded} (503) and counts as no attempt.
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
   * @param client the client's identity as the gateway resolved it ({@code ClientAddress}: the
   *     peer, or a trusted proxy's forwarded hop), never a header the client wrote
   * @param device the sign-in's {@link io.reel.write.auth.DeviceLabel}, for its list of sessions
   */
  public CompletionStage<AccountOutcome> signIn(
      String email, String password, String client, String device) {
    String emailHash = emailHasher.hash(email == null ? "" : email);
    // Reserved before the hash: concurrent guesses cannot all pass before a failure counts.
    return throttle
        .reserve(emailHash, client)
        .thenCompose(
            r -> {
              if (!r.granted()) {
                return done(new AccountOutcome.Throttled(r.retryAfter()));
              }
              return check(emailHash, password)
                  .whenComplete(
                      (signedIn, error) -> {
                        if (error != null) {
                          throttle.released(r); // no verdict on the password (busy, timeout)
                        } else if (signedIn.isPresent()) {
                          throttle.succeeded(r);
                        } else {
                          throttle.failed(r);
                        }
                      })
                  .thenCompose(
                      signedIn -> {
                        if (signedIn.isEmpty()) {
                          return done(new AccountOutcome.Unauthorized());
                        }
                        AccountState.Active a = signedIn.get();
                        rehashIfNeeded(a, password);
                        return tokens
                            .issue(a.accountId().asString(), device)
                            .thenApply(pair -> (AccountOutcome) new AccountOutcome.SignedIn(pair));
                      });
            });
  }

  /** The active account whose password this is; empty for a wrong password or unknown e-mail. */
  private CompletionStage<Optional<AccountState.Active>> check(String emailHash, String password) {
    return index
        .lookup(emailHash)
        .thenCompose(accounts::activeOwner)
        .thenCompose(
            active ->
                HashingPool.supply(
                    blocking,
                    () ->
                        active.isPresent() && hasher.verify(password, active.get().passwordHash())
                            ? active
                            : verifyDummyIfUnknown(active, password)));
  }

  private Optional<AccountState.Active> verifyDummyIfUnknown(
      Optional<AccountState.Active> active, String password) {
    if (active.isEmpty()) {
      hasher.verifyDummy(password);
    }
    return Optional.empty();
  }

  private void rehashIfNeeded(AccountState.Active a, String password) {
    if (hasher.needsRehash(a.passwordHash())) {
      // Best effort: a full pool skips it; the next sign-in tries again.
      HashingPool.supply(blocking, () -> hasher.hash(password))
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

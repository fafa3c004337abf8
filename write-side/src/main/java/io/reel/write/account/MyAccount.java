package io.reel.write.account;

import static io.reel.write.account.AccountAsk.active;
import static io.reel.write.account.AccountAsk.done;

import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.write.account.AccountOutcome.AccountView;
import io.reel.write.auth.Tokens;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The signed-in account as a whole: show it, close it. */
public final class MyAccount {

  private final AccountAsk accounts;
  private final PersonalDataVault vault;
  private final EmailIndex index;
  private final Tokens tokens;

  public MyAccount(
      AccountEntities entities, PersonalDataVault vault, EmailIndex index, Tokens tokens) {
    this.accounts = new AccountAsk(entities);
    this.vault = vault;
    this.index = index;
    this.tokens = tokens;
  }

  public CompletionStage<AccountOutcome> me(AccountId id) {
    return accounts.whenActive(
        id,
        a ->
            vault
                .open(id, a.email())
                .thenCompose(
                    email ->
                        Profiles.views(vault, a)
                            .thenApply(
                                ps ->
                                    new AccountOutcome.Me(
                                        new AccountView(
                                            id.asString(),
                                            email.orElse(null),
                                            a.verified(),
                                            ps)))));
  }

  /** Closes the account and erases its personal data: the data key goes, so does the address. */
  public CompletionStage<AccountOutcome> close(AccountId id) {
    return accounts
        .state(id)
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
              return accounts
                  .ask(id, new AccountCommand.Close())
                  .thenCompose(r -> vault.destroy(id))
                  .thenCompose(x -> index.release(a.get().emailHash(), id))
                  .thenCompose(x -> tokens.revokeAll(id.asString()))
                  .thenApply(x -> new AccountOutcome.Ok());
            });
  }
}

package io.reel.write.account;

import static io.reel.write.account.AccountAsk.active;
import static io.reel.write.account.AccountAsk.done;

import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.domain.billing.SubscriptionCommand;
import io.reel.write.account.AccountOutcome.AccountView;
import io.reel.write.auth.Tokens;
import io.reel.write.billing.SubscriptionGateway;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The signed-in account as a whole: show it, close it. */
public final class MyAccount {

  private final AccountAsk accounts;
  private final PersonalDataVault vault;
  private final EmailIndex index;
  private final Tokens tokens;
  private final SubscriptionGateway subscriptions;
  private final EmailHasher emailHasher;
  private final Clock clock;

  public MyAccount(
      AccountEntities entities,
      PersonalDataVault vault,
      EmailIndex index,
      Tokens tokens,
      SubscriptionGateway subscriptions,
      EmailHasher emailHasher,
      Clock clock) {
    this.accounts = new AccountAsk(entities);
    this.emailHasher = emailHasher;
    this.vault = vault;
    this.index = index;
    this.tokens = tokens;
    this.subscriptions = subscriptions;
    this.clock = clock;
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

  /**
   * Closes the account: its sign-ins end, its address is freed, its subscription ends at once (no
   * further invoice or charge) and its personal data is erased (the data key goes). Each step is
   * idempotent and the address is freed before the close is recorded, so a close retried after a
   * failure anywhere finishes every step.
   */
  public CompletionStage<AccountOutcome> close(AccountId id) {
    return accounts
        .state(id)
        .thenCompose(
            s -> {
              if (s instanceof AccountState.Closed) {
                return afterClose(id);
              }
              Optional<AccountState.Active> a = active(s);
              if (a.isEmpty()) {
                return done(new AccountOutcome.NotFound());
              }
              return tokens
                  .revokeAll(id.asString())
                  .thenCompose(x -> AccountAsk.emailHash(a.get(), vault, emailHasher))
                  .thenCompose(
                      hash ->
                          hash.isPresent()
                              ? index.release(hash.get(), id)
                              : CompletableFuture.<Void>completedFuture(null))
                  .thenCompose(x -> accounts.ask(id, new AccountCommand.Close()))
                  .thenCompose(r -> afterClose(id));
            });
  }

  private CompletionStage<AccountOutcome> afterClose(AccountId id) {
    return subscriptions
        .ask(id.asString(), new SubscriptionCommand.Terminate("account-closed", clock.instant()))
        .thenCompose(r -> vault.destroy(id))
        // Again: a sign-in racing the close may have started a session before it was recorded.
        .thenCompose(x -> tokens.revokeAll(id.asString()))
        .thenApply(x -> new AccountOutcome.Ok());
  }
}

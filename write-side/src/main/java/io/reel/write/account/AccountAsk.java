package io.reel.write.account;

import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.domain.title.Rejection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What every account use case does with the entity: ask it, read its state, and turn its reply into
 * an {@link AccountOutcome}. Kept in one place so the use cases agree on the mapping.
 */
final class AccountAsk {

  private static final String BAD_TOKEN = "the token is invalid or expired";

  private final AccountEntities entities;

  AccountAsk(AccountEntities entities) {
    this.entities = entities;
  }

  CompletionStage<AccountReply> ask(AccountId id, AccountCommand command) {
    return entities.ask(id, command);
  }

  /** Asks and maps the reply: accepted is Ok, a rejection becomes the outcome of its kind. */
  CompletionStage<AccountOutcome> outcome(AccountId id, AccountCommand command) {
    return entities.ask(id, command).thenApply(AccountAsk::toOutcome);
  }

  CompletionStage<AccountState> state(AccountId id) {
    return entities
        .ask(id, new AccountCommand.Get())
        .thenApply(r -> r instanceof AccountReply.Accepted a ? a.state() : AccountState.EMPTY);
  }

  /** The open account of an e-mail index owner, if there is an owner and its account is open. */
  CompletionStage<Optional<AccountState.Active>> activeOwner(Optional<AccountId> owner) {
    return owner.isEmpty()
        ? CompletableFuture.completedFuture(Optional.empty())
        : state(owner.get()).thenApply(AccountAsk::active);
  }

  /** Works on the account's open state; NotFound when there is no open account. */
  CompletionStage<AccountOutcome> whenActive(
      AccountId id, Function<AccountState.Active, CompletionStage<AccountOutcome>> then) {
    return state(id)
        .thenCompose(s -> active(s).map(then).orElseGet(() -> done(new AccountOutcome.NotFound())));
  }

  /**
   * The keyed hash of the account's address. Accounts signed up before issue 11 keep it in their
   * state (and journal); newer ones keep only the sealed address, so the hash goes with the data
   * key on close. Empty when the address can no longer be opened.
   */
  static CompletionStage<Optional<String>> emailHash(
      AccountState.Active a, PersonalDataVault vault, EmailHasher hasher) {
    if (a.emailHash() != null) {
      return CompletableFuture.completedFuture(Optional.of(a.emailHash()));
    }
    return vault.open(a.accountId(), a.email()).thenApply(e -> e.map(hasher::hash));
  }

  static Optional<AccountState.Active> active(AccountState s) {
    return s instanceof AccountState.Active a ? Optional.of(a) : Optional.empty();
  }

  static AccountOutcome toOutcome(AccountReply r) {
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

  /** The one answer for every bad verification or reset token, whatever was wrong with it. */
  static AccountOutcome invalidToken() {
    return new AccountOutcome.Invalid(BAD_TOKEN, List.of());
  }

  static CompletionStage<AccountOutcome> done(AccountOutcome o) {
    return CompletableFuture.completedFuture(o);
  }
}

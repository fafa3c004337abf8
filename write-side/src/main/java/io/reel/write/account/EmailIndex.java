package io.reel.write.account;

import io.reel.domain.account.AccountId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Which account owns an e-mail address, by {@link EmailHasher} hash only. */
public interface EmailIndex {

  /**
   * Claims the address for the account, atomically. Completes with the owner: {@code id} when the
   * claim won (or this account already held it), another account's id when it is taken.
   */
  CompletionStage<AccountId> claim(String emailHash, AccountId id);

  CompletionStage<Optional<AccountId>> lookup(String emailHash);

  /** Frees the address, but only while {@code id} owns it. Idempotent. */
  CompletionStage<Void> release(String emailHash, AccountId id);
}

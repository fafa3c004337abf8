package io.reel.write.account;

import io.reel.domain.account.AccountId;
import io.reel.domain.account.Sealed;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Personal data is sealed (AES-256-GCM) under a data key of its own account, and that key is stored
 * only wrapped under the master key (context {@code reel-account-key:<id>}). Destroying the key is
 * crypto-erasure: every sealed field in the journal, its snapshots and backups becomes unreadable
 * for good, without rewriting an event.
 */
public interface PersonalDataVault {

  /** Creates the account's data key; a no-op when it already has one (retries). */
  CompletionStage<Void> create(AccountId id);

  /** Fails when the account has no key (never created, or destroyed). */
  CompletionStage<Sealed> seal(AccountId id, String plaintext);

  /** Empty when the key is destroyed (or never existed) or the data is not this account's. */
  CompletionStage<Optional<String>> open(AccountId id, Sealed sealed);

  /** Erases the key for good. Idempotent. */
  CompletionStage<Void> destroy(AccountId id);

  /** Thrown (in a failed stage) when sealing for an account without a key. */
  final class NoDataKey extends RuntimeException {
    public NoDataKey(AccountId id) {
      super("account " + id + " has no data key", null, false, false);
    }
  }
}

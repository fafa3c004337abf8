package io.reel.write.account;

import io.reel.domain.account.AccountId;
import io.reel.domain.account.Sealed;
import io.reel.origin.keys.MasterKey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link PersonalDataVault} in memory, for tests and single-node demos; keys stored wrapped. */
public final class InMemoryPersonalDataVault implements PersonalDataVault {

  private final MasterKey master;
  private final ConcurrentMap<AccountId, byte[]> wrappedKeys = new ConcurrentHashMap<>();

  public InMemoryPersonalDataVault(MasterKey master) {
    this.master = master;
  }

  @Override
  public CompletionStage<Void> create(AccountId id) {
    wrappedKeys.computeIfAbsent(id, i -> DataKeyCipher.newWrappedKey(master, i));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Sealed> seal(AccountId id, String plaintext) {
    byte[] wrapped = wrappedKeys.get(id);
    return wrapped == null
        ? CompletableFuture.failedFuture(new NoDataKey(id))
        : CompletableFuture.completedFuture(DataKeyCipher.seal(master, id, wrapped, plaintext));
  }

  @Override
  public CompletionStage<Optional<String>> open(AccountId id, Sealed sealed) {
    byte[] wrapped = wrappedKeys.get(id);
    return CompletableFuture.completedFuture(
        wrapped == null ? Optional.empty() : DataKeyCipher.open(master, id, wrapped, sealed));
  }

  @Override
  public CompletionStage<Void> destroy(AccountId id) {
    wrappedKeys.remove(id);
    return CompletableFuture.completedFuture(null);
  }
}

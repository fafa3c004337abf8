package io.reel.write.account;

import io.reel.domain.account.AccountId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link EmailIndex} in memory, for tests and single-node demos. */
public final class InMemoryEmailIndex implements EmailIndex {

  private final ConcurrentMap<String, AccountId> owners = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<AccountId> claim(String emailHash, AccountId id) {
    return CompletableFuture.completedFuture(owners.computeIfAbsent(emailHash, h -> id));
  }

  @Override
  public CompletionStage<Optional<AccountId>> lookup(String emailHash) {
    return CompletableFuture.completedFuture(Optional.ofNullable(owners.get(emailHash)));
  }

  @Override
  public CompletionStage<Void> release(String emailHash, AccountId id) {
    owners.remove(emailHash, id);
    return CompletableFuture.completedFuture(null);
  }

  public int size() {
    return owners.size();
  }
}

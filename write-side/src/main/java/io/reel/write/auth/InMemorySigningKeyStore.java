package io.reel.write.auth;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.pekko.Done;

/** For tests and single-node development; same insert-if-absent semantics as the LWT. */
public final class InMemorySigningKeyStore implements SigningKeyStore {

  private final ConcurrentMap<Long, SigningKey> keys = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<List<SigningKey>> loadAll() {
    return CompletableFuture.completedFuture(List.copyOf(keys.values()));
  }

  @Override
  public CompletionStage<SigningKey> insertIfAbsent(SigningKey key) {
    SigningKey previous = keys.putIfAbsent(key.generation(), key);
    return CompletableFuture.completedFuture(previous == null ? key : previous);
  }

  @Override
  public CompletionStage<Done> delete(long generation) {
    keys.remove(generation);
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}

package io.reel.domain.billing;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** {@link BillingDueStore} in a map: tests and single-node development. */
public final class InMemoryBillingDueStore implements BillingDueStore {

  private final Map<String, Instant> entries = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Void> schedule(String accountId, Instant nextRunAt) {
    entries.put(accountId, nextRunAt);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> clear(String accountId) {
    entries.remove(accountId);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<List<Due>> dueAt(Instant now) {
    return CompletableFuture.completedFuture(
        entries.entrySet().stream()
            .filter(e -> !e.getValue().isAfter(now))
            .map(e -> new Due(e.getKey(), e.getValue()))
            .sorted(Comparator.comparing(Due::nextRunAt))
            .toList());
  }
}

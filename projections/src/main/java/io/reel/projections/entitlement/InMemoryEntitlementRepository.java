package io.reel.projections.entitlement;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** {@link EntitlementRepository} in a map: tests and single-node development. */
public final class InMemoryEntitlementRepository implements EntitlementRepository {

  private final Map<String, EntitlementRow> rows = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Optional<EntitlementRow>> find(String accountId) {
    return CompletableFuture.completedFuture(Optional.ofNullable(rows.get(accountId)));
  }

  @Override
  public CompletionStage<Void> save(EntitlementRow row) {
    rows.put(row.accountId(), row);
    return CompletableFuture.completedFuture(null);
  }
}

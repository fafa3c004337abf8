package io.reel.projections.entitlement;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The entitlements read model. */
public interface EntitlementRepository {

  CompletionStage<Optional<EntitlementRow>> find(String accountId);

  /** Full-row upsert: safe to repeat. */
  CompletionStage<Void> save(EntitlementRow row);
}

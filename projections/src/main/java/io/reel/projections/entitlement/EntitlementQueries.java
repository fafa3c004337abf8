package io.reel.projections.entitlement;

import io.reel.domain.billing.Entitlement;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * "May this account watch, and at what quality?" from the entitlements read model. Only the
 * subscription is checked here; profile maturity against the title's rating is checked elsewhere.
 */
public final class EntitlementQueries {

  /** Allowed: up to {@code maxStreams} concurrent streams, renditions up to {@code maxHeight}. */
  public record Access(boolean allowed, String planId, int maxStreams, int maxHeight) {
    public static final Access DENIED = new Access(false, null, 0, 0);
  }

  private final EntitlementRepository repository;
  private final Clock clock;

  public EntitlementQueries(EntitlementRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  public CompletionStage<Access> access(String accountId) {
    return repository
        .find(accountId)
        .thenApply(row -> decide(row.map(EntitlementRow::entitlement)));
  }

  private Access decide(Optional<Entitlement> e) {
    if (e.isEmpty() || !e.get().allows(clock.instant())) {
      return Access.DENIED;
    }
    Entitlement x = e.get();
    return new Access(true, x.planId(), x.maxStreams(), x.maxHeight());
  }
}

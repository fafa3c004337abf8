package io.reel.projections.entitlement;

import io.reel.domain.billing.Entitlement;

/** An account's entitlement as the read model keeps it; {@code seqNr} is the replay guard. */
public record EntitlementRow(String accountId, Entitlement entitlement, long seqNr) {}

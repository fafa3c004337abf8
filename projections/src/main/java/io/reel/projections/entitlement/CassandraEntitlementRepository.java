package io.reel.projections.entitlement;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.reel.domain.billing.Entitlement;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link EntitlementRepository} on the {@code entitlements} table of V008__billing.cql. */
public final class CassandraEntitlementRepository implements EntitlementRepository {

  private final CqlSession session;
  private final PreparedStatement select;
  private final PreparedStatement upsert;

  public CassandraEntitlementRepository(CqlSession session, String keyspace) {
    this.session = session;
    String k = keyspace + ".";
    select =
        session.prepare(
            "SELECT plan, max_streams, max_height, status, valid_until, seq_nr FROM "
                + k
                + "entitlements WHERE account_id = ?");
    upsert =
        session.prepare(
            "INSERT INTO "
                + k
                + "entitlements (account_id, plan, max_streams, max_height, status, valid_until,"
                + " seq_nr) VALUES (?, ?, ?, ?, ?, ?, ?)");
  }

  @Override
  public CompletionStage<Optional<EntitlementRow>> find(String accountId) {
    return session
        .executeAsync(select.bind(accountId))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(r -> toRow(accountId, r)));
  }

  private static EntitlementRow toRow(String accountId, Row r) {
    return new EntitlementRow(
        accountId,
        new Entitlement(
            Entitlement.Status.valueOf(r.getString("status")),
            r.getString("plan"),
            r.getInt("max_streams"),
            r.getInt("max_height"),
            r.getInstant("valid_until")),
        r.getLong("seq_nr"));
  }

  @Override
  public CompletionStage<Void> save(EntitlementRow row) {
    Entitlement e = row.entitlement();
    return session
        .executeAsync(
            upsert.bind(
                row.accountId(),
                e.planId(),
                e.maxStreams(),
                e.maxHeight(),
                e.status().name(),
                e.validUntil(),
                row.seqNr()))
        .thenApply(rs -> null);
  }
}

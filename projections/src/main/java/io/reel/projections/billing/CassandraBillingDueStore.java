package io.reel.projections.billing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.reel.domain.billing.BillingDueStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link BillingDueStore} on {@code billing_due} (day buckets, so a tick reads a few small
 * partitions) and {@code billing_due_by_account} (to find an account's old entry when it moves).
 * Schema in V008__billing.cql.
 */
public final class CassandraBillingDueStore implements BillingDueStore {

  private final CqlSession session;
  private final int lookbackDays;
  private final PreparedStatement selectByAccount;
  private final PreparedStatement insertByAccount;
  private final PreparedStatement deleteByAccount;
  private final PreparedStatement insertDue;
  private final PreparedStatement deleteDue;
  private final PreparedStatement selectDay;

  public CassandraBillingDueStore(CqlSession session, String keyspace, int lookbackDays) {
    this.session = session;
    this.lookbackDays = lookbackDays;
    String k = keyspace + ".";
    selectByAccount =
        session.prepare(
            "SELECT day, next_run_at FROM " + k + "billing_due_by_account WHERE account_id = ?");
    insertByAccount =
        session.prepare(
            "INSERT INTO "
                + k
                + "billing_due_by_account (account_id, day, next_run_at) VALUES (?, ?, ?)");
    deleteByAccount =
        session.prepare("DELETE FROM " + k + "billing_due_by_account WHERE account_id = ?");
    insertDue =
        session.prepare(
            "INSERT INTO " + k + "billing_due (day, next_run_at, account_id) VALUES (?, ?, ?)");
    deleteDue =
        session.prepare(
            "DELETE FROM "
                + k
                + "billing_due WHERE day = ? AND next_run_at = ? AND account_id = ?");
    selectDay =
        session.prepare(
            "SELECT next_run_at, account_id FROM "
                + k
                + "billing_due WHERE day = ? AND next_run_at <= ?");
  }

  static LocalDate dayOf(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  @Override
  public CompletionStage<Void> schedule(String accountId, Instant nextRunAt) {
    // New entry first, then the old one goes: a crash in between leaves an extra entry, which
    // costs one harmless tick (the scheduler re-reads the subscription), never a lost one.
    return session
        .executeAsync(selectByAccount.bind(accountId))
        .thenCompose(
            rs -> {
              Row old = rs.one();
              return session
                  .executeAsync(insertDue.bind(dayOf(nextRunAt), nextRunAt, accountId))
                  .thenCompose(
                      x ->
                          session.executeAsync(
                              insertByAccount.bind(accountId, dayOf(nextRunAt), nextRunAt)))
                  .thenCompose(x -> deleteEntry(old, accountId, nextRunAt));
            });
  }

  @Override
  public CompletionStage<Void> clear(String accountId) {
    return session
        .executeAsync(selectByAccount.bind(accountId))
        .thenCompose(rs -> deleteEntry(rs.one(), accountId, null))
        .thenCompose(v -> session.executeAsync(deleteByAccount.bind(accountId)))
        .thenApply(rs -> null);
  }

  private CompletionStage<Void> deleteEntry(Row old, String accountId, Instant keep) {
    if (old == null || old.getInstant("next_run_at").equals(keep)) {
      return CompletableFuture.completedFuture(null);
    }
    return session
        .executeAsync(
            deleteDue.bind(old.getLocalDate("day"), old.getInstant("next_run_at"), accountId))
        .thenApply(x -> null);
  }

  @Override
  public CompletionStage<List<Due>> dueAt(Instant now) {
    LocalDate today = dayOf(now);
    List<Due> out = new ArrayList<>();
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (int d = lookbackDays; d >= 0; d--) {
      LocalDate day = today.minusDays(d);
      chain =
          chain.thenCompose(
              v ->
                  session
                      .executeAsync(selectDay.bind(day, now))
                      .thenCompose(rs -> collect(rs, out)));
    }
    return chain.thenApply(v -> out);
  }

  private static CompletionStage<Void> collect(AsyncResultSet rs, List<Due> out) {
    for (Row row : rs.currentPage()) {
      out.add(new Due(row.getString("account_id"), row.getInstant("next_run_at")));
    }
    return rs.hasMorePages()
        ? rs.fetchNextPage().thenCompose(next -> collect(next, out))
        : CompletableFuture.completedFuture(null);
  }
}

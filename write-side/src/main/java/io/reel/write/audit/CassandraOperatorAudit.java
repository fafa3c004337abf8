package io.reel.write.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link OperatorAudit} on the {@code operator_actions} table (V010__operator_actions.cql). */
public final class CassandraOperatorAudit implements OperatorAudit {

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement selectDay;

  public CassandraOperatorAudit(CqlSession session, String keyspace) {
    this.session = session;
    this.insert =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".operator_actions (day, at, account_id, method, path, status)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
    this.selectDay =
        session.prepare(
            "SELECT at, account_id, method, path, status FROM "
                + keyspace
                + ".operator_actions WHERE day = ? LIMIT ?");
  }

  @Override
  public CompletionStage<Void> record(Action a) {
    return session
        .executeAsync(
            insert.bind(
                day(a.at()),
                // Recorded as it happens: the time-based id is the action's time, unique per row.
                Uuids.timeBased(),
                a.accountId(),
                a.method(),
                a.path(),
                a.status()))
        .thenApply(rs -> null);
  }

  @Override
  public CompletionStage<List<Action>> recent(int days, int limit) {
    return collect(LocalDate.now(ZoneOffset.UTC), days, limit, new ArrayList<>());
  }

  private CompletionStage<List<Action>> collect(
      LocalDate day, int daysLeft, int limit, List<Action> out) {
    if (daysLeft <= 0 || out.size() >= limit) {
      return CompletableFuture.completedFuture(out);
    }
    return session
        .executeAsync(selectDay.bind(day.toString(), limit - out.size()))
        .thenCompose(
            rs -> {
              for (Row r : rs.currentPage()) {
                out.add(
                    new Action(
                        Instant.ofEpochMilli(Uuids.unixTimestamp(r.getUuid(0))),
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getInt(4)));
              }
              return collect(day.minusDays(1), daysLeft - 1, limit, out);
            });
  }

  private static String day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
  }
}

package io.reel.write.account;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.reel.domain.account.AccountId;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@link EmailIndex} on the {@code account_emails} table (V006__accounts.cql). Claim and release
 * are lightweight transactions, so two sign-ups racing for one address cannot both win; lookups
 * read at SERIAL so they see a claim that just won.
 */
public final class CassandraEmailIndex implements EmailIndex {

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement delete;

  public CassandraEmailIndex(CqlSession session, String keyspace) {
    this.session = session;
    this.insert =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".account_emails (email_hash, account_id, claimed_at) VALUES (?, ?, ?)"
                + " IF NOT EXISTS");
    this.select =
        session.prepare(
            "SELECT account_id FROM " + keyspace + ".account_emails WHERE email_hash = ?");
    this.delete =
        session.prepare(
            "DELETE FROM " + keyspace + ".account_emails WHERE email_hash = ? IF account_id = ?");
  }

  @Override
  public CompletionStage<AccountId> claim(String emailHash, AccountId id) {
    return session
        .executeAsync(insert.bind(emailHash, id.value(), Instant.now()))
        .thenApply(
            rs -> {
              if (rs.wasApplied()) {
                return id;
              }
              // A failed LWT returns the existing row.
              Row row = rs.one();
              return row == null ? id : new AccountId(row.getLong("account_id"));
            });
  }

  @Override
  public CompletionStage<Optional<AccountId>> lookup(String emailHash) {
    return session
        .executeAsync(select.bind(emailHash).setConsistencyLevel(DefaultConsistencyLevel.SERIAL))
        .thenApply(
            rs -> {
              Row row = rs.one();
              return row == null ? Optional.empty() : Optional.of(new AccountId(row.getLong(0)));
            });
  }

  @Override
  public CompletionStage<Void> release(String emailHash, AccountId id) {
    return session.executeAsync(delete.bind(emailHash, id.value())).thenApply(rs -> null);
  }
}

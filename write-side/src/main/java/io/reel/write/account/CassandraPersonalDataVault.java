package io.reel.write.account;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.Sealed;
import io.reel.origin.keys.MasterKey;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@link PersonalDataVault} on the {@code account_data_keys} table (V006__accounts.cql). Create is
 * an LWT insert so a retried sign-up never replaces a key that already sealed data. Keys are read
 * per call, not cached: a destroyed key must stop working on every node at once. Note that a
 * Cassandra delete leaves the old cells on disk until compaction after gc_grace_seconds, and in
 * backups: the table's gc_grace_seconds is short for that reason, and backups of it must expire.
 */
public final class CassandraPersonalDataVault implements PersonalDataVault {

  private final CqlSession session;
  private final MasterKey master;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final PreparedStatement delete;

  public CassandraPersonalDataVault(CqlSession session, String keyspace, MasterKey master) {
    this.session = session;
    this.master = master;
    this.insert =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".account_data_keys (account_id, wrapped_key, master_key_id, created_at)"
                + " VALUES (?, ?, ?, ?) IF NOT EXISTS");
    this.select =
        session.prepare(
            "SELECT wrapped_key FROM " + keyspace + ".account_data_keys WHERE account_id = ?");
    this.delete =
        session.prepare(
            "DELETE FROM " + keyspace + ".account_data_keys WHERE account_id = ? IF EXISTS");
  }

  @Override
  public CompletionStage<Void> create(AccountId id) {
    byte[] wrapped = DataKeyCipher.newWrappedKey(master, id);
    return session
        .executeAsync(insert.bind(id.value(), ByteBuffer.wrap(wrapped), master.id(), Instant.now()))
        .thenApply(rs -> null);
  }

  @Override
  public CompletionStage<Sealed> seal(AccountId id, String plaintext) {
    return wrappedKey(id)
        .thenApply(
            k -> DataKeyCipher.seal(master, id, k.orElseThrow(() -> new NoDataKey(id)), plaintext));
  }

  @Override
  public CompletionStage<Optional<String>> open(AccountId id, Sealed sealed) {
    return wrappedKey(id).thenApply(k -> k.flatMap(w -> DataKeyCipher.open(master, id, w, sealed)));
  }

  @Override
  public CompletionStage<Void> destroy(AccountId id) {
    return session
        // An LWT like the insert: mixing LWT and plain writes on one row is not linearizable.
        .executeAsync(delete.bind(id.value()))
        .thenApply(rs -> null);
  }

  private CompletionStage<Optional<byte[]>> wrappedKey(AccountId id) {
    // QUORUM both ways so a destroy is seen by the next read on any node.
    return session
        .executeAsync(select.bind(id.value()).setConsistencyLevel(ConsistencyLevel.QUORUM))
        .thenApply(
            rs -> {
              Row row = rs.one();
              if (row == null || row.getByteBuffer(0) == null) {
                return Optional.empty();
              }
              ByteBuffer b = row.getByteBuffer(0);
              byte[] out = new byte[b.remaining()];
              b.duplicate().get(out);
              return Optional.of(out);
            });
  }
}

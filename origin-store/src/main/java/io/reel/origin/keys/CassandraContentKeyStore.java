package io.reel.origin.keys;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.reel.domain.title.TitleId;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Content keys in the {@code content_keys} table, one row per title, created with a lightweight
 * transaction so two workers racing on a new title end up with the same key.
 */
public final class CassandraContentKeyStore implements ContentKeyStore {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final CqlSession session;
  private final MasterKey master;
  private final PreparedStatement select;
  private final PreparedStatement insert;

  public CassandraContentKeyStore(CqlSession session, String keyspace, MasterKey master) {
    this.session = session;
    this.master = master;
    this.select =
        session.prepare(
            "SELECT kid, wrapped_key FROM " + keyspace + ".content_keys WHERE title_id = ?");
    this.insert =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".content_keys (title_id, kid, wrapped_key, master_key_id, created_at)"
                + " VALUES (?, ?, ?, ?, ?) IF NOT EXISTS");
  }

  private static String context(TitleId title, byte[] kid) {
    return "reel-content-key:" + title.asString() + ":" + HexFormat.of().formatHex(kid);
  }

  @Override
  public CompletionStage<ContentKey> keyFor(TitleId title) {
    return session
        .executeAsync(select.bind(title.value()))
        .thenCompose(
            rs -> {
              Row row = rs.one();
              if (row != null) {
                return java.util.concurrent.CompletableFuture.completedFuture(unwrap(title, row));
              }
              byte[] kid = new byte[16];
              byte[] key = new byte[16];
              RANDOM.nextBytes(kid);
              RANDOM.nextBytes(key);
              byte[] wrapped = master.wrap(key, context(title, kid));
              return session
                  .executeAsync(
                      insert.bind(
                          title.value(),
                          ByteBuffer.wrap(kid),
                          ByteBuffer.wrap(wrapped),
                          master.id(),
                          Instant.now()))
                  .thenApply(
                      ins -> {
                        // Lost the race: the LWT answers with the winner's row.
                        return ins.wasApplied()
                            ? new ContentKey(kid, key)
                            : unwrap(title, ins.one());
                      });
            });
  }

  @Override
  public CompletionStage<Optional<ContentKey>> find(TitleId title, String kidHex) {
    return session
        .executeAsync(select.bind(title.value()))
        .thenApply(
            rs -> {
              Row row = rs.one();
              if (row == null) {
                return Optional.empty();
              }
              ContentKey k = unwrap(title, row);
              return k.kidHex().equalsIgnoreCase(kidHex) ? Optional.of(k) : Optional.empty();
            });
  }

  private ContentKey unwrap(TitleId title, Row row) {
    byte[] kid = bytes(row.getByteBuffer("kid"));
    byte[] key = master.unwrap(bytes(row.getByteBuffer("wrapped_key")), context(title, kid));
    return new ContentKey(kid, key);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}

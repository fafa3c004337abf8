package io.reel.write.catalog;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.reel.domain.title.TitleId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link ImportKeyStore} on the {@code import_keys} table (schema in V003__catalog.cql). */
public final class CassandraImportKeyStore implements ImportKeyStore {

  private final CqlSession session;
  private final PreparedStatement selectAll;
  private final PreparedStatement insert;

  public CassandraImportKeyStore(CqlSession session, String keyspace) {
    this.session = session;
    this.selectAll =
        session.prepare(
            "SELECT import_key, title_id FROM " + keyspace + ".import_keys WHERE source = ?");
    this.insert =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".import_keys (source, import_key, title_id) VALUES (?, ?, ?)");
  }

  @Override
  public CompletionStage<Map<String, TitleId>> loadAll(String source) {
    Map<String, TitleId> out = new HashMap<>();
    return session.executeAsync(selectAll.bind(source)).thenCompose(rs -> collect(rs, out));
  }

  private static CompletionStage<Map<String, TitleId>> collect(
      AsyncResultSet rs, Map<String, TitleId> out) {
    for (Row row : rs.currentPage()) {
      out.put(row.getString(0), new TitleId(row.getLong(1)));
    }
    return rs.hasMorePages()
        ? rs.fetchNextPage().thenCompose(next -> collect(next, out))
        : CompletableFuture.completedFuture(out);
  }

  @Override
  public CompletionStage<Void> save(String source, String importKey, TitleId titleId) {
    return session
        .executeAsync(insert.bind(source, importKey, titleId.value()))
        .thenApply(rs -> null);
  }
}

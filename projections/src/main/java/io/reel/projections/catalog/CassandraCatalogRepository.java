package io.reel.projections.catalog;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleMetadata;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link CatalogRepository} on the tables of {@code V003__catalog.cql}. */
public final class CassandraCatalogRepository implements CatalogRepository {

  /** Month buckets of {@code catalog_newest}. */
  public static final DateTimeFormatter BUCKET =
      DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

  private final CqlSession session;
  private final PreparedStatement selectTitle;
  private final PreparedStatement upsertTitle;
  private final PreparedStatement insertGenre;
  private final PreparedStatement deleteGenre;
  private final PreparedStatement insertDecade;
  private final PreparedStatement deleteDecade;
  private final PreparedStatement insertNewest;
  private final PreparedStatement deleteNewest;
  private final PreparedStatement insertBucket;
  private final PreparedStatement insertGenreName;

  public CassandraCatalogRepository(CqlSession session, String keyspace) {
    this.session = session;
    String k = keyspace + ".";
    selectTitle =
        session.prepare(
            "SELECT title, year, synopsis, cast, genres, maturity_rating, status, created_at,"
                + " updated_at, published_at, seq_nr FROM "
                + k
                + "catalog_titles WHERE title_id = ?");
    upsertTitle =
        session.prepare(
            "INSERT INTO "
                + k
                + "catalog_titles (title_id, title, year, synopsis, cast, genres, maturity_rating,"
                + " status, created_at, updated_at, published_at, seq_nr)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insertGenre =
        session.prepare(
            "INSERT INTO "
                + k
                + "catalog_by_genre (genre, sort_title, title_id, title, year, maturity_rating)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
    deleteGenre =
        session.prepare(
            "DELETE FROM "
                + k
                + "catalog_by_genre WHERE genre = ? AND sort_title = ? AND title_id = ?");
    insertDecade =
        session.prepare(
            "INSERT INTO "
                + k
                + "catalog_by_decade (decade, year, sort_title, title_id, title, maturity_rating)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
    deleteDecade =
        session.prepare(
            "DELETE FROM "
                + k
                + "catalog_by_decade WHERE decade = ? AND year = ? AND sort_title = ? AND title_id"
                + " = ?");
    insertNewest =
        session.prepare(
            "INSERT INTO "
                + k
                + "catalog_newest (bucket, published_at, title_id, title, year, maturity_rating)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
    deleteNewest =
        session.prepare(
            "DELETE FROM "
                + k
                + "catalog_newest WHERE bucket = ? AND published_at = ? AND title_id = ?");
    insertBucket =
        session.prepare(
            "INSERT INTO " + k + "catalog_newest_buckets (shard, bucket) VALUES (0, ?)");
    insertGenreName =
        session.prepare("INSERT INTO " + k + "catalog_genres (shard, genre) VALUES (0, ?)");
  }

  /** Titles sort by their lower-cased text in the browse indexes. */
  public static String sortKey(String title) {
    return title.toLowerCase(Locale.ROOT);
  }

  @Override
  public CompletionStage<Optional<CatalogRow>> find(TitleId id) {
    return session
        .executeAsync(selectTitle.bind(id.value()))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(row -> toRow(id, row)));
  }

  private static CatalogRow toRow(TitleId id, Row r) {
    TitleMetadata m =
        new TitleMetadata(
            r.getString("title"),
            r.getInt("year"),
            r.getString("synopsis"),
            r.getList("cast", String.class),
            r.getList("genres", String.class),
            MaturityRating.parse(r.getString("maturity_rating")).orElse(MaturityRating.NR));
    return new CatalogRow(
        id,
        m,
        CatalogRow.Status.valueOf(r.getString("status")),
        r.getInstant("created_at"),
        r.getInstant("updated_at"),
        r.getInstant("published_at"),
        r.getLong("seq_nr"));
  }

  @Override
  public CompletionStage<Void> save(Optional<CatalogRow> previous, CatalogRow next) {
    List<BoundStatement> writes = new ArrayList<>();
    List<BoundStatement> oldIndex =
        previous.filter(CatalogRow::published).map(this::deletes).orElse(List.of());
    List<BoundStatement> newIndex = next.published() ? inserts(next) : List.of();
    // Deletes of index entries that the new row re-creates with the same key would race the
    // inserts; skip them (an insert overwrites the summary anyway).
    if (!(previous.isPresent()
        && previous.get().published()
        && next.published()
        && sameIndexKeys(previous.get(), next))) {
      writes.addAll(oldIndex);
    }
    CompletionStage<Void> indexes = all(writes).thenCompose(v -> all(newIndex));
    // The title row (with its seq_nr guard) goes last: a crash before it replays the whole event.
    return indexes.thenCompose(
        v -> session.executeAsync(upsert(next)).thenApply(rs -> (Void) null));
  }

  private static boolean sameIndexKeys(CatalogRow a, CatalogRow b) {
    return a.metadata().title().equals(b.metadata().title())
        && a.metadata().year() == b.metadata().year()
        && a.metadata().genres().equals(b.metadata().genres())
        && java.util.Objects.equals(a.publishedAt(), b.publishedAt());
  }

  private CompletionStage<Void> all(List<BoundStatement> statements) {
    CompletableFuture<?>[] futures =
        statements.stream()
            .map(s -> session.executeAsync(s).toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(futures);
  }

  private BoundStatement upsert(CatalogRow r) {
    TitleMetadata m = r.metadata();
    return upsertTitle.bind(
        r.titleId().value(),
        m.title(),
        m.year(),
        m.synopsis(),
        m.cast(),
        m.genres(),
        m.maturityRating().label(),
        r.status().name(),
        r.createdAt(),
        r.updatedAt(),
        r.publishedAt(),
        r.seqNr());
  }

  private List<BoundStatement> inserts(CatalogRow r) {
    TitleMetadata m = r.metadata();
    long id = r.titleId().value();
    String sort = sortKey(m.title());
    String rating = m.maturityRating().label();
    List<BoundStatement> out = new ArrayList<>();
    for (String genre : m.genres()) {
      out.add(insertGenre.bind(genre, sort, id, m.title(), m.year(), rating));
      out.add(insertGenreName.bind(genre));
    }
    out.add(insertDecade.bind(m.decade(), m.year(), sort, id, m.title(), rating));
    if (r.publishedAt() != null) {
      String bucket = BUCKET.format(r.publishedAt());
      out.add(insertNewest.bind(bucket, r.publishedAt(), id, m.title(), m.year(), rating));
      out.add(insertBucket.bind(bucket));
    }
    return out;
  }

  private List<BoundStatement> deletes(CatalogRow r) {
    TitleMetadata m = r.metadata();
    long id = r.titleId().value();
    String sort = sortKey(m.title());
    List<BoundStatement> out = new ArrayList<>();
    for (String genre : m.genres()) {
      out.add(deleteGenre.bind(genre, sort, id));
    }
    out.add(deleteDecade.bind(m.decade(), m.year(), sort, id));
    if (r.publishedAt() != null) {
      out.add(deleteNewest.bind(BUCKET.format(r.publishedAt()), r.publishedAt(), id));
    }
    return out;
  }
}

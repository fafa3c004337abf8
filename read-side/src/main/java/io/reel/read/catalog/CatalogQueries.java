package io.reel.read.catalog;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.TitleId;
import io.reel.read.Cursor;
import io.reel.read.catalog.CatalogViews.Page;
import io.reel.read.catalog.CatalogViews.TitleDetail;
import io.reel.read.catalog.CatalogViews.TitleSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Queries over the catalog read model (tables of V003__catalog.cql). */
public final class CatalogQueries {

  public static final String WIKIPEDIA_CREDIT =
      "Plot summary from Wikipedia, licensed under CC BY-SA 4.0";

  private final CqlSession session;
  private final PreparedStatement byId;
  private final PreparedStatement genreFirst;
  private final PreparedStatement genreAfter;
  private final PreparedStatement decadeFirst;
  private final PreparedStatement decadeAfter;
  private final PreparedStatement buckets;
  private final PreparedStatement newest;

  public CatalogQueries(CqlSession session, String keyspace) {
    this.session = session;
    String k = keyspace + ".";
    byId =
        session.prepare(
            "SELECT title, year, synopsis, cast, genres, maturity_rating, status, published_at"
                + " FROM "
                + k
                + "catalog_titles WHERE title_id = ?");
    String genreCols = "SELECT sort_title, title_id, title, year, maturity_rating FROM " + k;
    genreFirst = session.prepare(genreCols + "catalog_by_genre WHERE genre = ? LIMIT ?");
    genreAfter =
        session.prepare(
            genreCols
                + "catalog_by_genre WHERE genre = ? AND (sort_title, title_id) > (?, ?) LIMIT ?");
    String decadeCols = "SELECT year, sort_title, title_id, title, maturity_rating FROM " + k;
    decadeFirst = session.prepare(decadeCols + "catalog_by_decade WHERE decade = ? LIMIT ?");
    decadeAfter =
        session.prepare(
            decadeCols
                + "catalog_by_decade WHERE decade = ? AND (year, sort_title, title_id) > (?, ?, ?)"
                + " LIMIT ?");
    buckets = session.prepare("SELECT bucket FROM " + k + "catalog_newest_buckets WHERE shard = 0");
    newest =
        session.prepare(
            "SELECT title_id, title, year, maturity_rating FROM "
                + k
                + "catalog_newest WHERE bucket = ? LIMIT ?");
  }

  /** A published title; empty for unknown, draft and retired ones alike. */
  public CompletionStage<Optional<TitleDetail>> title(TitleId id) {
    return session
        .executeAsync(byId.bind(id.value()))
        .thenApply(
            rs -> {
              Row r = rs.one();
              if (r == null || !"PUBLISHED".equals(r.getString("status"))) {
                return Optional.empty();
              }
              String synopsis = r.getString("synopsis");
              return Optional.of(
                  new TitleDetail(
                      id.asString(),
                      r.getString("title"),
                      r.getInt("year"),
                      synopsis,
                      r.getList("cast", String.class),
                      r.getList("genres", String.class),
                      r.getString("maturity_rating"),
                      r.getInstant("published_at"),
                      synopsis == null || synopsis.isEmpty() ? null : WIKIPEDIA_CREDIT,
                      null,
                      false));
            });
  }

  /** Empty when the cursor is not one of this listing's. */
  public Optional<CompletionStage<Page>> byGenre(String genre, int limit, Optional<String> cursor) {
    if (cursor.isEmpty()) {
      return Optional.of(page(genreFirst.bind(genre, limit + 1), limit, this::genreRow));
    }
    return Cursor.decode(cursor.get(), 2)
        .flatMap(
            c ->
                parseLong(c.get(1))
                    .map(
                        id ->
                            page(
                                genreAfter.bind(genre, c.get(0), id, limit + 1),
                                limit,
                                this::genreRow)));
  }

  private Paged genreRow(Row r) {
    return new Paged(
        summary(r), List.of(r.getString("sort_title"), Long.toString(r.getLong("title_id"))));
  }

  public Optional<CompletionStage<Page>> byDecade(int decade, int limit, Optional<String> cursor) {
    if (cursor.isEmpty()) {
      return Optional.of(page(decadeFirst.bind(decade, limit + 1), limit, this::decadeRow));
    }
    return Cursor.decode(cursor.get(), 3)
        .flatMap(
            c -> {
              Optional<Long> year = parseLong(c.get(0));
              Optional<Long> id = parseLong(c.get(2));
              if (year.isEmpty() || id.isEmpty()) {
                return Optional.empty();
              }
              return Optional.of(
                  page(
                      decadeAfter.bind(
                          decade, year.get().intValue(), c.get(1), id.get(), limit + 1),
                      limit,
                      this::decadeRow));
            });
  }

  private Paged decadeRow(Row r) {
    return new Paged(
        summary(r),
        List.of(
            Integer.toString(r.getInt("year")),
            r.getString("sort_title"),
            Long.toString(r.getLong("title_id"))));
  }

  /** Most recently published first, walking month buckets back until {@code limit} is filled. */
  public CompletionStage<List<TitleSummary>> newest(int limit) {
    return session
        .executeAsync(buckets.bind())
        .thenCompose(
            rs -> {
              List<String> all = new ArrayList<>();
              rs.currentPage().forEach(r -> all.add(r.getString(0)));
              return fill(all, 0, limit, new ArrayList<>());
            });
  }

  private CompletionStage<List<TitleSummary>> fill(
      List<String> buckets, int index, int limit, List<TitleSummary> acc) {
    if (acc.size() >= limit || index >= buckets.size()) {
      return CompletableFuture.completedFuture(acc);
    }
    return session
        .executeAsync(newest.bind(buckets.get(index), limit - acc.size()))
        .thenCompose(
            rs -> {
              rs.currentPage().forEach(r -> acc.add(summary(r)));
              return fill(buckets, index + 1, limit, acc);
            });
  }

  /** Whether a title rated {@code rating} may be shown under {@code limit}; unknown = unrated. */
  public static boolean allows(MaturityRating limit, String rating) {
    return MaturityRating.parse(rating).orElse(MaturityRating.NR).compareTo(limit) <= 0;
  }

  private record Paged(TitleSummary summary, List<String> key) {}

  private CompletionStage<Page> page(
      com.datastax.oss.driver.api.core.cql.BoundStatement stmt,
      int limit,
      Function<Row, Paged> map) {
    return session
        .executeAsync(stmt)
        .thenApply(
            (AsyncResultSet rs) -> {
              List<Paged> rows = new ArrayList<>();
              rs.currentPage().forEach(r -> rows.add(map.apply(r)));
              boolean more = rows.size() > limit;
              List<Paged> shown = more ? rows.subList(0, limit) : rows;
              String next = more ? Cursor.encode(shown.get(shown.size() - 1).key()) : null;
              return new Page(shown.stream().map(Paged::summary).toList(), next);
            });
  }

  private static TitleSummary summary(Row r) {
    return new TitleSummary(
        Long.toString(r.getLong("title_id")),
        r.getString("title"),
        r.getInt("year"),
        r.getString("maturity_rating"));
  }

  private static Optional<Long> parseLong(String s) {
    try {
      return Optional.of(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

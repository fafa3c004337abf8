package io.reel.read.personal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.reel.domain.personal.Rating;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A profile's own rows from the read models the personal projections keep (V013__profile_rows.cql):
 * one partition read each, bounded by the entities' limits.
 */
public final class ProfileRowQueries {

  /** A listed title. */
  public record Listed(String titleId, Instant addedAt) {}

  /**
   * What a profile watched of a title, as of the latest saved position; {@code dismissedAt} and
   * {@code historyDeletedAt} are null unless the viewer took it off a row.
   */
  public record Watched(
      String titleId,
      double positionSeconds,
      double durationSeconds,
      boolean finished,
      Instant lastWatched,
      Instant dismissedAt,
      Instant historyDeletedAt) {

    /**
     * In continue watching: started, not finished, and neither taken off the row nor deleted from
     * the history since.
     */
    public boolean inProgress() {
      return !finished && positionSeconds > 0 && inHistory() && after(dismissedAt);
    }

    /** In the viewing history: watched since the last time it was deleted from it. */
    public boolean inHistory() {
      return lastWatched != null && after(historyDeletedAt);
    }

    private boolean after(Instant removed) {
      return removed == null || lastWatched.isAfter(removed);
    }

    public int percent() {
      return durationSeconds <= 0
          ? 0
          : (int) Math.min(100, Math.round(100 * positionSeconds / durationSeconds));
    }
  }

  private final CqlSession session;
  private final PreparedStatement list;
  private final PreparedStatement ratings;
  private final PreparedStatement watched;

  public ProfileRowQueries(CqlSession session, String keyspace) {
    this.session = session;
    String where = " WHERE account_id = ? AND profile_id = ?";
    this.list = session.prepare("SELECT title_id, added_at FROM " + keyspace + ".my_list" + where);
    this.ratings =
        session.prepare(
            "SELECT title_id, rating, rated_at FROM " + keyspace + ".profile_ratings" + where);
    this.watched =
        session.prepare(
            "SELECT title_id, position_seconds, duration_seconds, finished, last_watched,"
                + " dismissed_at, history_deleted_at FROM "
                + keyspace
                + ".profile_titles"
                + where);
  }

  /** The list, newest first (ties by title id). */
  public CompletionStage<List<Listed>> list(String account, String profile) {
    return all(
            session.executeAsync(list.bind(account, profile)),
            r -> new Listed(r.getString(0), r.getInstant(1)))
        .thenApply(
            rows -> {
              rows.sort(
                  Comparator.comparing(Listed::addedAt, Comparator.reverseOrder())
                      .thenComparing(Listed::titleId));
              return rows;
            });
  }

  /** A rated title. */
  public record RatedTitle(String titleId, Rating rating, Instant ratedAt) {}

  public CompletionStage<List<RatedTitle>> rated(String account, String profile) {
    return all(
            session.executeAsync(ratings.bind(account, profile)),
            r ->
                Rating.parse(r.getString(1))
                    .map(v -> new RatedTitle(r.getString(0), v, r.getInstant(2)))
                    .orElse(null))
        .thenApply(
            rows -> {
              rows.removeIf(java.util.Objects::isNull);
              return rows;
            });
  }

  public CompletionStage<Map<String, Rating>> ratings(String account, String profile) {
    return rated(account, profile)
        .thenApply(
            rows -> {
              Map<String, Rating> out = new HashMap<>();
              rows.forEach(r -> out.put(r.titleId(), r.rating()));
              return out;
            });
  }

  /** Every title the profile watched, most recently watched first. */
  public CompletionStage<List<Watched>> watched(String account, String profile) {
    return all(
            session.executeAsync(watched.bind(account, profile)),
            r ->
                new Watched(
                    r.getString(0),
                    r.isNull(1) ? 0 : r.getDouble(1),
                    r.isNull(2) ? 0 : r.getDouble(2),
                    !r.isNull(3) && r.getBoolean(3),
                    r.getInstant(4),
                    r.getInstant(5),
                    r.getInstant(6)))
        .thenApply(
            rows -> {
              rows.sort(
                  Comparator.comparing(
                          Watched::lastWatched,
                          Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
                      .thenComparing(Watched::titleId));
              return rows;
            });
  }

  /** Every row of a paged result, page after page. */
  private static <T> CompletionStage<List<T>> all(
      CompletionStage<AsyncResultSet> first, Function<Row, T> map) {
    List<T> out = new ArrayList<>();
    return first.thenCompose(rs -> drain(rs, map, out));
  }

  private static <T> CompletionStage<List<T>> drain(
      AsyncResultSet rs, Function<Row, T> map, List<T> out) {
    for (Row r : rs.currentPage()) {
      out.add(map.apply(r));
    }
    return rs.hasMorePages()
        ? rs.fetchNextPage().thenCompose(next -> drain(next, map, out))
        : CompletableFuture.completedFuture(out);
  }
}

package io.reel.projections.personal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * The writes of a profile's rows ({@code V013__profile_rows.cql}). Each write's Cassandra timestamp
 * is the event's time in microseconds: Cassandra keeps the latest per cell, so the same event
 * twice, or events of the two streams in any order, leave the same rows.
 */
public final class ProfileRowsStore {

  private final CqlSession session;
  private final PreparedStatement listed;
  private final PreparedStatement unlisted;
  private final PreparedStatement rated;
  private final PreparedStatement unrated;
  private final PreparedStatement watched;
  private final PreparedStatement dismissed;
  private final PreparedStatement historyDeleted;

  public ProfileRowsStore(CqlSession session, String keyspace) {
    this.session = session;
    String k = keyspace + ".";
    this.listed =
        session.prepare(
            "INSERT INTO "
                + k
                + "my_list (account_id, profile_id, title_id, added_at) VALUES (?, ?, ?, ?)"
                + " USING TIMESTAMP ?");
    this.unlisted =
        session.prepare(
            "DELETE FROM "
                + k
                + "my_list USING TIMESTAMP ? WHERE account_id = ? AND profile_id = ?"
                + " AND title_id = ?");
    this.rated =
        session.prepare(
            "INSERT INTO "
                + k
                + "profile_ratings (account_id, profile_id, title_id, rating, rated_at)"
                + " VALUES (?, ?, ?, ?, ?) USING TIMESTAMP ?");
    this.unrated =
        session.prepare(
            "DELETE FROM "
                + k
                + "profile_ratings USING TIMESTAMP ? WHERE account_id = ? AND profile_id = ?"
                + " AND title_id = ?");
    this.watched =
        session.prepare(
            "UPDATE "
                + k
                + "profile_titles USING TIMESTAMP ? SET position_seconds = ?,"
                + " duration_seconds = ?, finished = ?, last_watched = ?"
                + " WHERE account_id = ? AND profile_id = ? AND title_id = ?");
    this.dismissed =
        session.prepare(
            "UPDATE "
                + k
                + "profile_titles USING TIMESTAMP ? SET dismissed_at = ?"
                + " WHERE account_id = ? AND profile_id = ? AND title_id = ?");
    this.historyDeleted =
        session.prepare(
            "UPDATE "
                + k
                + "profile_titles USING TIMESTAMP ? SET history_deleted_at = ?"
                + " WHERE account_id = ? AND profile_id = ? AND title_id = ?");
  }

  CompletionStage<?> listed(String account, String profile, String title, Instant at, long ts) {
    return session.executeAsync(listed.bind(account, profile, title, at, ts));
  }

  CompletionStage<?> unlisted(String account, String profile, String title, long ts) {
    return session.executeAsync(unlisted.bind(ts, account, profile, title));
  }

  CompletionStage<?> rated(
      String account, String profile, String title, String rating, Instant at, long ts) {
    return session.executeAsync(rated.bind(account, profile, title, rating, at, ts));
  }

  CompletionStage<?> unrated(String account, String profile, String title, long ts) {
    return session.executeAsync(unrated.bind(ts, account, profile, title));
  }

  CompletionStage<?> watched(
      String account,
      String profile,
      String title,
      double position,
      double duration,
      boolean finished,
      Instant at,
      long ts) {
    return session.executeAsync(
        watched.bind(ts, position, duration, finished, at, account, profile, title));
  }

  CompletionStage<?> dismissed(String account, String profile, String title, Instant at, long ts) {
    return session.executeAsync(dismissed.bind(ts, at, account, profile, title));
  }

  CompletionStage<?> historyDeleted(
      String account, String profile, String title, Instant at, long ts) {
    return session.executeAsync(historyDeleted.bind(ts, at, account, profile, title));
  }
}

package io.reel.projections.recommend;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.reel.recommend.Interaction;
import io.reel.recommend.ItemFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the trainer learns from: every profile's plays, ratings and list, read from the profile rows
 * the personal projections keep (V013), and the published titles' genres from the catalog. Full
 * scans, paged by the driver: fine for a catalog of this size and a few hundred thousand
 * interactions; a much larger service would stream them from Kafka into the trainer instead.
 *
 * <p>A profile is {@code <account>:<profile>}. Titles deleted from the history are left out: a
 * viewer who deletes a title from their history does not want it to shape their picks either.
 */
public final class InteractionScan {

  private static final int PAGE = 5_000;

  private final CqlSession session;
  private final String keyspace;

  public InteractionScan(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
  }

  public List<Interaction> interactions() {
    List<Interaction> out = new ArrayList<>();
    for (Row r :
        scan(
            "SELECT account_id, profile_id, title_id, position_seconds, finished, last_watched,"
                + " history_deleted_at FROM profile_titles")) {
      Instant watched = r.getInstant(5);
      Instant deleted = r.getInstant(6);
      boolean started = !r.isNull(3) && r.getDouble(3) > 0;
      if (watched != null && started && (deleted == null || watched.isAfter(deleted))) {
        out.add(
            new Interaction(
                user(r),
                r.getString(2),
                Interaction.Kind.ofPlay(!r.isNull(4) && r.getBoolean(4)),
                watched));
      }
    }
    for (Row r :
        scan("SELECT account_id, profile_id, title_id, rating, rated_at FROM profile_ratings")) {
      Optional<Interaction.Kind> kind = Interaction.Kind.ofRating(r.getString(3));
      if (kind.isPresent() && r.getInstant(4) != null) {
        out.add(new Interaction(user(r), r.getString(2), kind.get(), r.getInstant(4)));
      }
    }
    for (Row r : scan("SELECT account_id, profile_id, title_id, added_at FROM my_list")) {
      if (r.getInstant(3) != null) {
        out.add(new Interaction(user(r), r.getString(2), Interaction.Kind.LISTED, r.getInstant(3)));
      }
    }
    return out;
  }

  /** The genres of every published title. */
  public List<ItemFacts> catalog() {
    List<ItemFacts> out = new ArrayList<>();
    for (Row r : scan("SELECT title_id, genres, status FROM catalog_titles")) {
      if ("PUBLISHED".equalsIgnoreCase(r.getString(2))) {
        out.add(new ItemFacts(Long.toString(r.getLong(0)), r.getList(1, String.class)));
      }
    }
    return out;
  }

  /** The profile key of a row whose first two columns are account and profile. */
  public static String user(Row r) {
    return r.getString(0) + ":" + r.getString(1);
  }

  private Iterable<Row> scan(String cql) {
    String withKeyspace = cql.replace(" FROM ", " FROM " + keyspace + ".");
    return session.execute(SimpleStatement.newInstance(withKeyspace).setPageSize(PAGE));
  }
}

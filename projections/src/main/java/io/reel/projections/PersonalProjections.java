package io.reel.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import io.reel.domain.personal.PersonalEvent;
import io.reel.domain.playback.PlaybackEvent;
import io.reel.projections.personal.PersonalRowsHandler;
import io.reel.projections.personal.ProfileRowsStore;
import io.reel.projections.personal.WatchingRowsHandler;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A profile's own rows: My List, ratings, continue watching and viewing history
 * (V013__profile_rows.cql), from personal events (one instance per tag {@code personal-0..N-1}) and
 * playback events (per {@code playback-0..N-1}). At-least-once with idempotent, order-proof writes.
 */
public final class PersonalProjections {

  public static final String PERSONAL_ROWS = "personal-rows";
  public static final String WATCHING_ROWS = "watching-rows";

  private PersonalProjections() {}

  public static void init(ActorSystem<?> system, ProjectionSettings settings, CqlSession session) {
    PerTag.<PersonalEvent>start(
        system,
        settings.role(),
        settings.personalTags().all(),
        PERSONAL_ROWS,
        tag -> {
          ProfileRowsStore store = new ProfileRowsStore(session, settings.keyspace());
          return PerTag.atLeastOnce(
              system, PERSONAL_ROWS, tag, () -> new PersonalRowsHandler(store));
        });
    PerTag.<PlaybackEvent>start(
        system,
        settings.role(),
        settings.playbackTags().all(),
        WATCHING_ROWS,
        tag -> {
          ProfileRowsStore store = new ProfileRowsStore(session, settings.keyspace());
          return PerTag.atLeastOnce(
              system, WATCHING_ROWS, tag, () -> new WatchingRowsHandler(store));
        });
  }
}

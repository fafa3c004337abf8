package io.reel.read;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.reel.http.auth.AccessTokens;
import io.reel.read.catalog.CatalogQueries;
import io.reel.read.catalog.CatalogRoutes;
import io.reel.read.profiles.ProfileLimits;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The read side of a node with the {@code read} role: queries over the read models the projections
 * wrote, found by table name and schema. It never sees an entity.
 */
public final class ReadSide {

  /** {@code reel.read} and the keyspace the read models live in, read once. */
  public record Settings(String keyspace, Duration genreCountCache) {

    public static Settings fromConfig(Config root) {
      return new Settings(
          root.getString("reel.cassandra.keyspace"),
          root.getDuration("reel.read.genre-count-cache"));
    }
  }

  private ReadSide() {}

  /**
   * The browse routes. {@code tokens} checks the access token of a caller that browses as one of
   * its profiles (the accounts module issues them; the read side only verifies).
   */
  public static List<Route> init(
      Settings settings, CqlSession session, AccessTokens tokens, ObjectMapper mapper) {
    CatalogQueries queries =
        new CatalogQueries(session, settings.keyspace(), settings.genreCountCache());
    ProfileLimits profiles = new ProfileLimits(session, settings.keyspace());
    return List.of(new CatalogRoutes(queries, profiles, tokens, mapper).routes());
  }
}

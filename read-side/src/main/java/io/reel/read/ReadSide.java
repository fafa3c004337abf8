package io.reel.read;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.reel.http.BoundedPool;
import io.reel.http.auth.AccessTokens;
import io.reel.read.catalog.CatalogQueries;
import io.reel.read.catalog.CatalogRoutes;
import io.reel.read.personal.ProfileRoutes;
import io.reel.read.personal.ProfileRowQueries;
import io.reel.read.profiles.ProfileLimits;
import io.reel.read.recommend.ModelFeed;
import io.reel.read.recommend.MoreLikeThisRoutes;
import io.reel.read.recommend.Recommendations;
import io.reel.read.search.HomeRoutes;
import io.reel.read.search.SearchAdminRoutes;
import io.reel.read.search.SearchRoutes;
import io.reel.search.SearchIndex;
import io.reel.search.TitleSearch;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The read side of a node with the {@code read} role: queries over the read models the projections
 * wrote (tables found by name and schema) and over the node's own title index. It never sees an
 * entity.
 */
public final class ReadSide {

  /** The keyspace the read models live in and {@code reel.read}, read once. */
  public record Settings(
      String keyspace,
      int searchThreads,
      int searchQueue,
      Duration searchRetryAfter,
      Duration modelPollEvery) {

    public static Settings fromConfig(Config root) {
      Config search = root.getConfig("reel.read.search");
      int threads = search.getInt("threads");
      return new Settings(
          root.getString("reel.cassandra.keyspace"),
          threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
          search.getInt("queue"),
          search.getDuration("retry-after"),
          root.getDuration("reel.read.recommend.poll-every"));
    }
  }

  /**
   * The routes for everyone (browse, search, home) and those for operators (under /admin); closing
   * it stops the search pool.
   */
  public record Running(
      List<Route> routes, Route adminRoutes, AutoCloseable pool, AutoCloseable models)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      try {
        models.close();
      } finally {
        pool.close();
      }
    }
  }

  private ReadSide() {}

  /**
   * {@code tokens} checks the access token of a caller that reads as one of its profiles (the
   * accounts module issues them; the read side only verifies). {@code mediaFiles} finds the local
   * file of an origin-store key (posters).
   */
  public static Running init(
      Settings settings,
      CqlSession session,
      SearchIndex index,
      AccessTokens tokens,
      ObjectMapper mapper,
      java.util.function.Function<String, java.util.Optional<java.nio.file.Path>> mediaFiles) {
    CatalogQueries queries = new CatalogQueries(session, settings.keyspace());
    BoundedPool pool =
        new BoundedPool(
            "search",
            settings.searchThreads(),
            settings.searchQueue(),
            settings.searchRetryAfter());
    ReadDirectives read =
        new ReadDirectives(tokens, new ProfileLimits(session, settings.keyspace()), mapper, pool);
    TitleSearch search = new TitleSearch(index);
    ProfileRowQueries rows = new ProfileRowQueries(session, settings.keyspace());
    ProfileRoutes profiles = new ProfileRoutes(rows, search, read);
    ModelFeed models = new ModelFeed(session, settings.keyspace(), settings.modelPollEvery());
    Recommendations recommendations = new Recommendations(models, search);
    return new Running(
        List.of(
            new CatalogRoutes(queries, search, read, mapper).routes(),
            new SearchRoutes(search, read).routes(),
            new HomeRoutes(search, rows, profiles, recommendations, read).routes(),
            new MoreLikeThisRoutes(recommendations, read).routes(),
            new io.reel.read.catalog.PosterRoutes(search, mediaFiles).routes(),
            profiles.routes()),
        new SearchAdminRoutes(index, tokens, read, mapper).routes(),
        pool,
        models);
  }
}

package io.reel.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.reel.domain.account.AccountId;
import io.reel.domain.billing.Entitlement;
import io.reel.edge.EdgeServer;
import io.reel.edge.EdgeSettings;
import io.reel.origin.FileSystemObjectStore;
import io.reel.origin.ObjectStore;
import io.reel.origin.keys.CassandraContentKeyStore;
import io.reel.origin.keys.MasterKey;
import io.reel.origin.token.EdgeTokens;
import io.reel.projections.entitlement.CassandraEntitlementRepository;
import io.reel.projections.entitlement.EntitlementRow;
import io.reel.transcode.MediaServices;
import io.reel.write.playback.EdgeDirectory;
import io.reel.write.playback.LicenceRoutes;
import io.reel.write.playback.PlayRoutes;
import io.reel.write.playback.PlaybackEntity;
import io.reel.write.playback.PlaybackService;
import io.reel.write.playback.PlaybackSettings;
import io.reel.write.title.TitleService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Playback on a node: the play API and licence server next to the other write-side routes, and the
 * streaming edge on nodes with the {@code edge} role. Kept out of {@link Node} so the node stays a
 * list of role decisions.
 */
final class Streaming {

  static final String EDGE_ROLE = "edge";

  private Streaming() {}

  /** The play, heartbeat and licence routes, with the playback entities and the edge directory. */
  static List<Route> startPlayApi(
      ActorSystem<?> system,
      Config config,
      CqlSession session,
      String keyspace,
      TitleService titles,
      Accounts.WriteSide accounts,
      MediaServices media,
      ObjectMapper mapper) {
    Clock clock = Clock.systemUTC();
    EdgeSettings edgeSettings = EdgeSettings.fromConfig(withTokenKeys(config));
    PlaybackSettings settings = PlaybackSettings.fromConfig(config);
    PlaybackEntity.init(system, settings, clock);
    PlaybackService playback = new PlaybackService(system, settings);
    EdgeTokens tokens = edgeSettings.tokens(clock);

    CassandraEntitlementRepository entitlements =
        new CassandraEntitlementRepository(session, keyspace);
    Function<String, CompletionStage<Entitlement>> entitlement =
        account ->
            entitlements
                .find(account)
                .thenApply(row -> row.map(EntitlementRow::entitlement).orElse(Entitlement.NONE));

    EdgeDirectory edges = EdgeDirectory.fromConfig(config);
    Config health = config.getConfig("reel.playback.edge-health");
    edges.startProbing(system, health.getDuration("interval"), health.getDuration("timeout"));

    Config api = config.getConfig("reel.playback.api");
    PlayRoutes play =
        new PlayRoutes(
            accounts.tokens(),
            new PlayRoutes.Lookups(
                entitlement,
                (account, profile) -> accounts.accounts().profile(AccountId.of(account), profile),
                titles),
            playback,
            tokens,
            edges,
            new PlayRoutes.Settings(
                edgeSettings.tokenTtl(),
                api.getDuration("heartbeat-every"),
                api.getString("public-url"),
                api.getString("default-region")),
            mapper,
            clock,
            config.getBytes("reel.http.max-json-body-bytes"));
    LicenceRoutes licence =
        new LicenceRoutes(
            tokens,
            playback,
            entitlement,
            // Write nodes hold the master key too: the licence server unwraps content keys.
            media
                .keys()
                .orElseGet(
                    () ->
                        new CassandraContentKeyStore(
                            session,
                            keyspace,
                            MasterKey.parse(config.getString("reel.keys.master-key")))),
            mapper,
            clock);
    return List.of(play.routes(), licence.routes());
  }

  /** The edge: manifests and segments from a bounded cache in front of the origin store. */
  static Route startEdge(ActorSystem<?> system, Config config, Optional<MediaServices> media) {
    try {
      ObjectStore origin =
          media.isPresent()
              ? media.get().store()
              : new FileSystemObjectStore(Path.of(config.getString("reel.media.store-dir")));
      return EdgeServer.create(
              system, EdgeSettings.fromConfig(withTokenKeys(config)), origin, Clock.systemUTC())
          .route();
    } catch (IOException e) {
      throw new UncheckedIOException("the edge cache could not start", e);
    }
  }

  /**
   * With no {@code reel.edge.token-keys} configured, one key derived from the master key: every
   * node of one deployment shares it, and nothing else has to be distributed. Edges that must not
   * hold the master key (remote regions) get explicit keys instead.
   */
  private static Config withTokenKeys(Config config) {
    boolean none =
        config.getValue("reel.edge.token-keys").unwrapped() instanceof java.util.Map<?, ?> m
            ? m.isEmpty()
            : config.getString("reel.edge.token-keys").isBlank();
    if (!none
        || !config.hasPath("reel.keys.master-key")
        || config.getString("reel.keys.master-key").isBlank()) {
      return config;
    }
    byte[] key =
        MasterKey.parse(config.getString("reel.keys.master-key")).derive("reel-edge-token-v1");
    return config.withValue(
        "reel.edge.token-keys",
        ConfigValueFactory.fromAnyRef("derived-1:" + Base64.getEncoder().encodeToString(key)));
  }
}

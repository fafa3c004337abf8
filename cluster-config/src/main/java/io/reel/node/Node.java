package io.reel.node;

import static org.apache.pekko.http.javadsl.server.Directives.extractUri;
import static org.apache.pekko.http.javadsl.server.Directives.redirect;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.reel.domain.title.TitleTags;
import io.reel.http.Gateway;
import io.reel.http.ProblemHandlers;
import io.reel.http.TlsCertificates;
import io.reel.projections.PlaybackProjections;
import io.reel.projections.ProjectionSettings;
import io.reel.projections.TitleProjections;
import io.reel.read.catalog.CatalogQueries;
import io.reel.read.catalog.CatalogRoutes;
import io.reel.transcode.MediaServices;
import io.reel.transcode.TranscodeSettings;
import io.reel.write.catalog.CassandraImportKeyStore;
import io.reel.write.catalog.CatalogImporter;
import io.reel.write.catalog.ImportRoutes;
import io.reel.write.playback.PlaybackSettings;
import io.reel.write.title.TitleEntity;
import io.reel.write.title.TitleRoutes;
import io.reel.write.title.TitleService;
import io.reel.write.title.TitleSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts what this node's roles ask for: {@code write} (title entities, the admin API and source
 * uploads), {@code projection} (read models and Kafka publishing), {@code read} (the browse API),
 * {@code transcode} (transcode workers). Every node can send title commands: sharding proxies to
 * the nodes with the write role.
 */
public final class Node {

  private static final Logger log = LoggerFactory.getLogger(Node.class);
  private static final Map<ActorSystem<?>, Running> RUNNING = new ConcurrentHashMap<>();

  /** What a started node holds, for the readiness check, the local runner and tests. */
  public record Running(
      ActorSystem<?> system,
      CqlSession session,
      String keyspace,
      TitleService titles,
      Optional<CatalogImporter> importer,
      Optional<ServerBinding> http,
      NodeIdLease ids,
      Optional<MediaServices> media) {}

  private Node() {}

  public static Running running(ActorSystem<?> system) {
    return RUNNING.get(system);
  }

  public static Running start(ActorSystem<?> system) {
    Config config = system.settings().config();
    Cluster cluster = Cluster.get(system);
    if (config.getList("pekko.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    Set<String> roles = cluster.selfMember().getRoles();
    log.info("starting node {} with roles {}", cluster.selfMember().address(), roles);

    String keyspace = config.getString("reel.cassandra.keyspace");
    CqlSession session = session(system);
    if (config.getBoolean("reel.cassandra.apply-schema")) {
      List<Integer> applied =
          SchemaMigrator.migrate(session, keyspace, config.getString("reel.cassandra.replication"));
      log.info("schema of keyspace {} applied: versions {}", keyspace, applied);
    }
    NodeIdLease ids =
        NodeIdLease.acquire(
            session,
            keyspace,
            config.getDuration("reel.node-id.lease-ttl"),
            config.getDuration("reel.node-id.renew-every"),
            cluster.selfMember().address().toString());

    ObjectMapper mapper =
        JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty());
    TitleSettings titleSettings = TitleSettings.fromConfig(config);
    TitleEntity.init(system, titleSettings);
    TitleService titles = new TitleService(system, titleSettings);
    TitleTags tags = new TitleTags(titleSettings.tagCount());

    List<Route> routes = new ArrayList<>();
    Optional<CatalogImporter> importer = Optional.empty();
    Optional<MediaServices> media = Optional.empty();
    if (roles.contains("write") || roles.contains(MediaServices.ROLE)) {
      media =
          Optional.of(
              MediaServices.init(
                  system, TranscodeSettings.fromConfig(config), session, keyspace, titles, tags));
    }
    if (roles.contains("write")) {
      Config imp = config.getConfig("reel.titles.import");
      CatalogImporter catalogImporter =
          new CatalogImporter(
              titles,
              new CassandraImportKeyStore(session, keyspace),
              ids,
              mapper,
              new CatalogImporter.Settings(
                  imp.getInt("parallelism"),
                  (int) imp.getBytes("max-line-bytes").longValue(),
                  imp.getInt("progress-every")));
      importer = Optional.of(catalogImporter);
      routes.add(
          new TitleRoutes(titles, ids, mapper, config.getBytes("reel.http.max-json-body-bytes"))
              .routes());
      routes.add(
          new ImportRoutes(catalogImporter, mapper, imp.getBytes("max-body-bytes")).routes());
      routes.add(media.orElseThrow().ingestRoutes(titles, mapper));
      Accounts.WriteSide accounts =
          Accounts.startWriteSide(
              system, config, session, keyspace, () -> ids.get().value(), mapper);
      routes.addAll(accounts.routes());
      routes.addAll(
          Streaming.startPlayApi(
              system, config, session, keyspace, titles, accounts, media.orElseThrow(), mapper));
    }
    if (roles.contains("projection")) {
      ProjectionSettings projectionSettings = ProjectionSettings.fromConfig(config);
      String playbackTopic = config.getString("reel.kafka.topics.playback-events");
      KafkaTopics.ensure(
          projectionSettings.kafkaBootstrapServers(),
          Map.of(
              projectionSettings.titleEventsTopic(),
              config.getInt("reel.kafka.partitions"),
              playbackTopic,
              config.getInt("reel.kafka.partitions")));
      TitleProjections.init(system, projectionSettings, tags, session, mapper);
      PlaybackProjections.init(
          system,
          projectionSettings,
          PlaybackSettings.fromConfig(config).tags(),
          playbackTopic,
          mapper);
      Accounts.startProjections(system, config, projectionSettings, session);
    }
    Optional<Route> edge = Optional.empty();
    if (roles.contains(Streaming.EDGE_ROLE)) {
      edge = Optional.of(Streaming.startEdge(system, config, media));
    }
    if (roles.contains("read")) {
      CatalogQueries queries =
          new CatalogQueries(session, keyspace, config.getDuration("reel.read.genre-count-cache"));
      routes.add(new CatalogRoutes(queries, mapper).routes());
    }

    Optional<ServerBinding> binding = Optional.empty();
    if (!routes.isEmpty() || edge.isPresent()) {
      binding = Optional.of(bind(system, config, routes, edge));
    }
    PekkoManagement.get(system).start();
    Running running = new Running(system, session, keyspace, titles, importer, binding, ids, media);
    RUNNING.put(system, running);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "reel-node-stop",
            () -> {
              RUNNING.remove(system);
              ids.close();
              return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
            });
    return running;
  }

  /**
   * The gateway in front of the API routes; the edge beside it, with its own CORS and without the
   * per-client rate limit (one household behind one address fetches many segments).
   */
  private static ServerBinding bind(
      ActorSystem<?> system, Config config, List<Route> routes, Optional<Route> edge) {
    String host = config.getString("reel.http.host");
    int port = config.getInt("reel.http.port");
    Route api =
        new Gateway(Gateway.Settings.fromConfig(config))
            .wrap(
                ProblemHandlers.wrap(
                    routes.isEmpty()
                        ? Directives.reject()
                        : Directives.concat(
                            routes.get(0),
                            routes.subList(1, routes.size()).toArray(Route[]::new))));
    Route all =
        edge.map(e -> Directives.concat(Directives.pathPrefixTest("edge", () -> e), api))
            .orElse(api);
    Config https = config.getConfig("reel.gateway.https");
    if (!https.getBoolean("enabled")) {
      return bind(system, host, port, all, Optional.empty(), "http");
    }
    SSLContext ssl;
    if (https.getString("keystore").isBlank()) {
      Path dir = Path.of(https.getString("self-signed-dir"));
      ssl =
          TlsCertificates.sslContext(
              TlsCertificates.selfSigned(dir), TlsCertificates.selfSignedPassword(dir));
    } else {
      ssl =
          TlsCertificates.sslContext(
              Path.of(https.getString("keystore")),
              https.getString("keystore-password").toCharArray());
    }
    ServerBinding secure =
        bind(
            system,
            host,
            https.getInt("port"),
            all,
            Optional.of(ConnectionContext.httpsServer(ssl)),
            "https");
    int securePort = secure.localAddress().getPort();
    // The plain port only sends clients to the TLS one.
    Route redirect =
        extractUri(
            uri -> redirect(uri.scheme("https").port(securePort), StatusCodes.PERMANENT_REDIRECT));
    bind(system, host, port, redirect, Optional.empty(), "http (redirects to https)");
    return secure;
  }

  private static ServerBinding bind(
      ActorSystem<?> system,
      String host,
      int port,
      Route route,
      Optional<HttpsConnectionContext> tls,
      String what) {
    try {
      var server = Http.get(system).newServerAt(host, port);
      if (tls.isPresent()) {
        server = server.enableHttps(tls.get());
      }
      ServerBinding b =
          server
              .bind(route)
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS)
              .addToCoordinatedShutdown(Duration.ofSeconds(10), system);
      log.info(
          "{} on {}://{}:{}/",
          what,
          tls.isPresent() ? "https" : "http",
          host,
          b.localAddress().getPort());
      return b;
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot serve "
              + what
              + " on "
              + host
              + ":"
              + port
              + " ("
              + Failures.rootMessage(e)
              + "; the port comes from "
              + (tls.isPresent() ? "REEL_HTTPS_PORT" : "REEL_HTTP_PORT")
              + ")",
          e);
    }
  }

  private static CqlSession session(ActorSystem<?> system) {
    try {
      return CassandraSessionRegistry.get(system)
          .sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"))
          .underlying()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot connect to Cassandra at "
              + system.settings().config().getString("reel.cassandra.contact-point")
              + " ("
              + Failures.rootMessage(e)
              + ")",
          e);
    }
  }
}

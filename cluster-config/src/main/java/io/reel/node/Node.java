package io.reel.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.account.AccountId;
import io.reel.domain.billing.Entitlement;
import io.reel.domain.title.TitleTags;
import io.reel.edge.EdgeServer;
import io.reel.http.Failures;
import io.reel.http.Gateway;
import io.reel.http.HttpServer;
import io.reel.http.JsonRequests;
import io.reel.http.ProblemHandlers;
import io.reel.http.TlsCertificates;
import io.reel.http.auth.AccessTokens;
import io.reel.origin.ObjectStore;
import io.reel.origin.ReplicatedObjectStore;
import io.reel.origin.keys.CassandraContentKeyStore;
import io.reel.origin.keys.MasterKey;
import io.reel.projections.Projections;
import io.reel.projections.billing.CassandraBillingDueStore;
import io.reel.projections.entitlement.CassandraEntitlementRepository;
import io.reel.projections.entitlement.EntitlementRow;
import io.reel.projections.search.SearchIndexFeed;
import io.reel.read.ReadSide;
import io.reel.search.SearchIndex;
import io.reel.transcode.MediaServices;
import io.reel.web.WebApp;
import io.reel.write.account.Accounts;
import io.reel.write.audit.AdminGate;
import io.reel.write.catalog.CassandraImportKeyStore;
import io.reel.write.catalog.CatalogImporter;
import io.reel.write.catalog.ImportRoutes;
import io.reel.write.personal.PersonalEntity;
import io.reel.write.personal.PersonalRoutes;
import io.reel.write.personal.PersonalService;
import io.reel.write.playback.PlayApi;
import io.reel.write.title.TitleEntity;
import io.reel.write.title.TitleRoutes;
import io.reel.write.title.TitleService;
import io.reel.write.title.TitleWatchRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Reel node: a list of module inits chosen by the node's {@link Role}s. It reads its settings
 * once ({@link NodeSettings}), hands each module what it depends on, and serves the routes the
 * modules return behind one gateway. Every node can send title commands (sharding proxies reach the
 * nodes with the write role).
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
      Optional<MediaServices> media,
      Optional<SearchIndex> search,
      Optional<Accounts.Running> accounts) {}

  private Node() {}

  public static Running running(ActorSystem<?> system) {
    return RUNNING.get(system);
  }

  public static Running start(ActorSystem<?> system) {
    NodeSettings settings = NodeSettings.fromConfig(system.settings().config());
    Cluster cluster = Cluster.get(system);
    if (settings.joinSelf()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    Set<Role> roles = Role.of(cluster.selfMember().getRoles());
    log.info("starting node {} with roles {}", cluster.selfMember().address(), roles);

    CqlSession session = session(system, settings);
    if (settings.applySchema()) {
      List<Integer> applied =
          SchemaMigrator.migrate(session, settings.keyspace(), settings.replication());
      log.info("schema of keyspace {} applied: versions {}", settings.keyspace(), applied);
    }
    NodeIdLease ids =
        NodeIdLease.acquire(
            session,
            settings.keyspace(),
            settings.nodeIdLeaseTtl(),
            settings.nodeIdRenewEvery(),
            cluster.selfMember().address().toString());
    ObjectMapper mapper =
        JsonRequests.harden(
            JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty()));
    Clock clock = Clock.systemUTC();

    TitleEntity.init(system, settings.titles());
    TitleService titles = new TitleService(system, settings.titles());
    TitleTags tags = new TitleTags(settings.titles().tagCount());

    List<Route> routes = new ArrayList<>();
    List<Route> adminRoutes = new ArrayList<>();
    Optional<AdminGate> gate = Optional.empty();
    Optional<SearchIndex> search = Optional.empty();
    Optional<AccessTokens> tokens = Optional.empty();
    Optional<CatalogImporter> importer = Optional.empty();
    Optional<Accounts.Running> accountsRunning = Optional.empty();
    Optional<MediaServices> media = Optional.empty();
    if (roles.contains(Role.WRITE) || roles.contains(Role.TRANSCODE)) {
      media =
          Optional.of(
              MediaServices.init(
                  system, settings.transcode(), session, settings.keyspace(), titles, tags));
    }
    if (roles.contains(Role.WRITE)) {
      CatalogImporter catalogImporter =
          new CatalogImporter(
              titles,
              new CassandraImportKeyStore(session, settings.keyspace()),
              ids,
              mapper,
              settings.imports());
      importer = Optional.of(catalogImporter);
      Accounts.Running accounts =
          Accounts.init(
              system,
              settings.accounts(),
              new Accounts.Dependencies(
                  session,
                  settings.keyspace(),
                  () -> ids.get().value(),
                  mapper,
                  new CassandraBillingDueStore(
                      session,
                      settings.keyspace(),
                      settings.accounts().billing().dueLookbackDays()),
                  clock));
      tokens = Optional.of(accounts.tokens());
      accountsRunning = Optional.of(accounts);
      gate = Optional.of(new AdminGate(accounts.tokens(), accounts.audit(), clock));
      adminRoutes.add(new TitleRoutes(titles, ids, mapper, settings.maxJsonBodyBytes()).routes());
      adminRoutes.add(new TitleWatchRoutes(system, titles, mapper).routes());
      adminRoutes.add(
          new ImportRoutes(catalogImporter, mapper, settings.maxImportBodyBytes()).routes());
      adminRoutes.add(media.orElseThrow().ingestRoutes(titles, mapper));
      adminRoutes.add(accounts.adminRoutes());
      routes.addAll(accounts.routes());
      routes.addAll(
          PlayApi.init(
              system,
              settings.play(),
              new PlayApi.Dependencies(
                  accounts.tokens(),
                  entitlements(session, settings.keyspace()),
                  (account, profile) ->
                      accounts.accounts().profiles().profile(AccountId.of(account), profile),
                  titles,
                  settings.edge().tokens(clock),
                  settings.edge().tokenTtl(),
                  settings.edges(),
                  // Write nodes hold the master key too: the licence server unwraps content keys.
                  media
                      .orElseThrow()
                      .keys()
                      .orElseGet(
                          () ->
                              new CassandraContentKeyStore(
                                  session,
                                  settings.keyspace(),
                                  MasterKey.parse(settings.accounts().masterKey()))),
                  accounts.deviceNames(),
                  accounts.accounts().profiles().pins(),
                  mapper,
                  clock)));
      PersonalEntity.init(system, settings.personal());
      routes.add(
          new PersonalRoutes(
                  accounts.tokens(),
                  (account, profile) ->
                      accounts.accounts().profiles().profile(AccountId.of(account), profile),
                  titles,
                  new PersonalService(system, settings.personal()),
                  mapper,
                  settings.personal().maxBodyBytes(),
                  clock)
              .routes());
    }
    if (roles.contains(Role.PROJECTION)) {
      Projections.init(system, settings.projections(), session, mapper);
    }
    if (roles.contains(Role.READ)) {
      AccessTokens verifier =
          tokens.orElseGet(
              () ->
                  Accounts.verifier(
                      system, settings.accounts(), session, settings.keyspace(), clock));
      // Each node with the read role keeps its own title index, fed from the journal.
      SearchIndex index = SearchIndex.open(settings.search().dir(), clock);
      index.start(
          new SearchIndexFeed(
              system,
              settings.search(),
              Stream.concat(
                      tags.all().stream(), settings.projections().playbackTags().all().stream())
                  .toList()));
      search = Optional.of(index);
      ObjectStore posters = originStore(system, settings, media);
      ReadSide.Running read =
          ReadSide.init(settings.read(), session, index, verifier, mapper, posters::localPath);
      system.getWhenTerminated().thenRun(() -> closeQuietly(read));
      routes.addAll(read.routes());
      adminRoutes.add(read.adminRoutes());
    }
    // Everything under /admin, whichever module serves it, goes through one operator gate (with
    // its audit trail) where the node has the accounts; each admin route checks the role itself
    // too.
    if (!adminRoutes.isEmpty()) {
      Route admin =
          Directives.concat(
              adminRoutes.get(0), adminRoutes.subList(1, adminRoutes.size()).toArray(Route[]::new));
      routes.add(0, gate.map(g -> g.wrap(admin)).orElse(admin));
    }
    if (roles.contains(Role.READ)) {
      // The viewer web app, last: it answers only GET /, /verify, /reset-password and /app/**,
      // and after every API route, so it can never shadow one.
      routes.add(new WebApp(() -> webAppOrigins(settings)).routes());
    }
    if (roles.contains(Role.EDGE)) {
      ServerBinding edge = edge(system, settings, media, clock);
      settings
          .edges()
          .localEdgeBound(
              settings.http().https() ? "https" : "http", edge.localAddress().getPort());
    }

    Optional<ServerBinding> binding = Optional.empty();
    if (!routes.isEmpty()) {
      binding = Optional.of(HttpServer.serve(system, settings.http(), route(settings, routes)));
      settings
          .edges()
          .apiBound(
              settings.http().https() ? "https" : "http", binding.get().localAddress().getPort());
    }
    PekkoManagement.get(system).start();
    if (system.settings().config().getBoolean("reel.cluster.bootstrap.enabled")) {
      // Seeds from discovery (e.g. the Kubernetes API): the nodes find each other through their
      // management endpoints and the lowest-addressed one forms the cluster if none exists.
      ClusterBootstrap.get(system).start();
    }
    Running running =
        new Running(
            system,
            session,
            settings.keyspace(),
            titles,
            importer,
            binding,
            ids,
            media,
            search,
            accountsRunning);
    RUNNING.put(system, running);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "reel-node-stop",
            () -> {
              RUNNING.remove(system);
              ids.close();
              running.search().ifPresent(SearchIndex::close);
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    return running;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.warn("closing {} failed", c, e);
    }
  }

  /**
   * The origins the web app fetches from besides its own (its Content-Security-Policy): this API as
   * players reach it (licence and heartbeat URLs), the configured edges and this node's own.
   */
  private static List<String> webAppOrigins(NodeSettings settings) {
    List<String> out = new ArrayList<>();
    settings.edges().apiUrl().ifPresent(out::add);
    if (!settings.play().publicApiUrl().isBlank()) {
      out.add(settings.play().publicApiUrl());
    }
    for (var edge : settings.edges().edges()) {
      if (edge.sameOrigin()) {
        // The edge of whichever node answers the play request: this one's when it has one, else
        // unknown here, so any https origin.
        out.add(settings.edges().localUrl().orElse("https:"));
      } else {
        out.add(edge.url());
      }
    }
    return out;
  }

  /** An account's entitlement from the read model the projections keep. */
  private static Function<String, CompletionStage<Entitlement>> entitlements(
      CqlSession session, String keyspace) {
    CassandraEntitlementRepository repository =
        new CassandraEntitlementRepository(session, keyspace);
    return account ->
        repository
            .find(account)
            .thenApply(row -> row.map(EntitlementRow::entitlement).orElse(Entitlement.NONE));
  }

  /**
   * The edge: manifests and segments from a bounded cache in front of the origin store, on its own
   * listener (its own connection limit and timeouts, TLS like the gateway's).
   */
  private static ServerBinding edge(
      ActorSystem<?> system, NodeSettings settings, Optional<MediaServices> media, Clock clock) {
    try {
      ObjectStore origin = originStore(system, settings, media);
      HttpServer.Settings http = settings.http();
      Optional<HttpsConnectionContext> tls =
          !http.https()
              ? Optional.empty()
              : Optional.of(
                  ConnectionContext.httpsServer(
                      http.keystore().isBlank()
                          ? TlsCertificates.sslContext(
                              TlsCertificates.selfSigned(http.selfSignedDir()),
                              TlsCertificates.selfSignedPassword(http.selfSignedDir()))
                          : TlsCertificates.sslContext(
                              Path.of(http.keystore()), http.keystorePassword().toCharArray())));
      return EdgeServer.create(system, settings.edge(), origin, clock).bindListener(tls);
    } catch (IOException e) {
      throw new UncheckedIOException("the edge cache could not start", e);
    }
  }

  /** The media pipeline's origin store where this node runs it, else one over the same root. */
  private static ObjectStore originStore(
      ActorSystem<?> system, NodeSettings settings, Optional<MediaServices> media) {
    try {
      return media.isPresent()
          ? media.get().store()
          : ReplicatedObjectStore.open(settings.mediaStoreDir(), MediaServices.replicaDirs(system));
    } catch (IOException e) {
      throw new UncheckedIOException("the origin store could not open", e);
    }
  }

  /** The gateway in front of the API routes (the edge has its own listener). */
  private static Route route(NodeSettings settings, List<Route> routes) {
    return new Gateway(settings.gateway())
        .wrap(
            ProblemHandlers.wrap(
                Directives.concat(
                    routes.get(0), routes.subList(1, routes.size()).toArray(Route[]::new))));
  }

  private static CqlSession session(ActorSystem<?> system, NodeSettings settings) {
    try {
      return CassandraSessionRegistry.get(system)
          .sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"))
          .underlying()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot connect to Cassandra at "
              + settings.cassandraContactPoint()
              + " ("
              + Failures.rootMessage(e)
              + ")",
          e);
    }
  }
}

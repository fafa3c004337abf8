package io.reel.edge;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.reel.edge.cache.CacheLimits;
import io.reel.edge.cache.EdgeCache;
import io.reel.http.Failures;
import io.reel.http.ProblemHandlers;
import io.reel.origin.ObjectStore;
import io.reel.origin.token.EdgeTokens;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's parts wired together: tokens, cache and routes. A node with the {@code edge} role
 * serves it on its own listener ({@link #bindListener}), apart from the API gateway, with its own
 * connection limit and timeouts; {@link #bind} serves it on any port with the same limits
 * (benchmarks, tests).
 */
public final class EdgeServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EdgeServer.class);

  private final ActorSystem<?> system;
  private final EdgeSettings settings;
  private final EdgeTokens tokens;
  private final EdgeCache cache;
  private final EdgeRoutes routes;

  private EdgeServer(
      ActorSystem<?> system,
      EdgeSettings settings,
      EdgeTokens tokens,
      EdgeCache cache,
      EdgeRoutes routes) {
    this.system = system;
    this.settings = settings;
    this.tokens = tokens;
    this.cache = cache;
    this.routes = routes;
  }

  /** Origin reads and cache writes run on Pekko's blocking-I/O dispatcher. */
  public static EdgeServer create(
      ActorSystem<?> system, EdgeSettings settings, ObjectStore origin, Clock clock)
      throws IOException {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    EdgeTokens tokens = settings.tokens(clock);
    EdgeCache cache = new EdgeCache(origin, CacheLimits.fromSettings(settings), blocking);
    system.getWhenTerminated().thenRun(cache::close);
    return new EdgeServer(
        system,
        settings,
        tokens,
        cache,
        new EdgeRoutes(settings, tokens, cache, Materializer.matFromSystem(system)));
  }

  /** The edge routes with every rejection and error as problem+json. */
  public Route route() {
    return ProblemHandlers.wrap(routes.routes());
  }

  /** Serves the edge alone on {@code host:port} with the listener's limits, plain HTTP. */
  public CompletionStage<ServerBinding> bind(String host, int port) {
    return Http.get(system)
        .newServerAt(host, port)
        .withSettings(serverSettings(system, settings.listener()))
        .bind(route());
  }

  /**
   * Serves the edge on its own listener ({@code reel.edge.listener}), with TLS when given. A taken
   * port fails with one line naming the variable to change.
   */
  public ServerBinding bindListener(Optional<HttpsConnectionContext> tls) {
    EdgeSettings.Listener l = settings.listener();
    try {
      var server =
          Http.get(system).newServerAt(l.host(), l.port()).withSettings(serverSettings(system, l));
      if (tls.isPresent()) {
        server = server.enableHttps(tls.get());
      }
      ServerBinding b =
          server
              .bind(route())
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS)
              .addToCoordinatedShutdown(Duration.ofSeconds(10), system);
      log.info(
          "edge on {}://{}:{}/edge/ (at most {} connections)",
          tls.isPresent() ? "https" : "http",
          l.host(),
          b.localAddress().getPort(),
          l.maxConnections());
      return b;
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot serve the edge on "
              + l.host()
              + ":"
              + l.port()
              + " ("
              + Failures.rootMessage(e)
              + "; the port comes from REEL_EDGE_PORT)",
          e);
    }
  }

  /** The node's server settings with the listener's connection limit and timeouts. */
  static ServerSettings serverSettings(ActorSystem<?> system, EdgeSettings.Listener l) {
    Config c =
        ConfigFactory.parseMap(
                Map.of(
                    "pekko.http.server.max-connections",
                    l.maxConnections(),
                    "pekko.http.server.idle-timeout",
                    l.idleTimeout().toMillis() + "ms",
                    "pekko.http.server.request-timeout",
                    l.requestTimeout().toMillis() + "ms",
                    // The request entity of a GET is empty; a client trickling one is cut off.
                    "pekko.http.server.parsing.max-content-length",
                    "4k"))
            .withFallback(system.settings().config());
    return ServerSettings.create(c);
  }

  public EdgeTokens tokens() {
    return tokens;
  }

  public EdgeCache cache() {
    return cache;
  }

  @Override
  public void close() {
    cache.close();
  }
}

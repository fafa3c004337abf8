package io.reel.edge;

import io.reel.edge.cache.CacheLimits;
import io.reel.edge.cache.EdgeCache;
import io.reel.http.ProblemHandlers;
import io.reel.origin.ObjectStore;
import io.reel.origin.token.EdgeTokens;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;

/**
 * The edge's parts wired together: tokens, cache and routes. A node with the {@code edge} role
 * mounts {@link #route()} in its gateway; {@link #bind} serves it alone (benchmarks, tests, an
 * edge-only process).
 */
public final class EdgeServer implements AutoCloseable {

  private final ActorSystem<?> system;
  private final EdgeTokens tokens;
  private final EdgeCache cache;
  private final EdgeRoutes routes;

  private EdgeServer(ActorSystem<?> system, EdgeTokens tokens, EdgeCache cache, EdgeRoutes routes) {
    this.system = system;
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
    return new EdgeServer(system, tokens, cache, new EdgeRoutes(settings, tokens, cache, Materializer.matFromSystem(system)));
  }

  /** The edge routes with every rejection and error as problem+json. */
  public Route route() {
    return ProblemHandlers.wrap(routes.routes());
  }

  public CompletionStage<ServerBinding> bind(String host, int port) {
    return Http.get(system).newServerAt(host, port).bind(route());
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

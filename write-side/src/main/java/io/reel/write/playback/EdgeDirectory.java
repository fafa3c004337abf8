package io.reel.write.playback;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edges players may be sent to, one or more per region, and whether each answers. The play API
 * picks a healthy edge in the client's region, else the first healthy one in the configured order
 * (list nearer regions first), else none (503). Health is a periodic {@code GET /edge/_stats}: an
 * edge that fails {@code unhealthy-after} probes in a row is skipped until it answers again.
 */
public final class EdgeDirectory {

  private static final Logger log = LoggerFactory.getLogger(EdgeDirectory.class);

  /**
   * An edge; a blank {@code url} is the edge on the node that answers the play request, on its own
   * listener ({@link #localEdgeBound}).
   */
  public record Edge(String region, String url) {
    public boolean sameOrigin() {
      return url.isBlank();
    }
  }

  private final List<Edge> edges;
  private final int unhealthyAfter;
  private final Map<Edge, Integer> failures = new ConcurrentHashMap<>();
  private final String publicHost;
  private volatile String localScheme;
  private volatile int localPort = -1;
  private volatile String apiUrl;

  /**
   * @param publicHost the host name players reach this node by ({@code reel.http.public-host}):
   *     never taken from a request's {@code Host} header
   */
  public EdgeDirectory(List<Edge> edges, int unhealthyAfter, String publicHost) {
    if (edges.isEmpty()) {
      throw new IllegalArgumentException("reel.playback.edges lists no edge");
    }
    this.edges = List.copyOf(edges);
    this.unhealthyAfter = unhealthyAfter;
    this.publicHost = publicHost;
  }

  /** {@code reel.playback.edges}; empty means this node's own edge ({@code reel.edge}). */
  public static EdgeDirectory fromConfig(Config root) {
    Config c = root.getConfig("reel.playback");
    List<Edge> edges = new ArrayList<>();
    for (Config e : c.getConfigList("edges")) {
      edges.add(new Edge(e.getString("region"), strip(e.getString("url"))));
    }
    if (edges.isEmpty()) {
      edges.add(
          new Edge(
              root.getString("reel.edge.region"), strip(root.getString("reel.edge.public-url"))));
    }
    return new EdgeDirectory(
        edges, c.getInt("edge-health.unhealthy-after"), root.getString("reel.http.public-host"));
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public List<Edge> edges() {
    return edges;
  }

  public boolean healthy(Edge e) {
    return failures.getOrDefault(e, 0) < unhealthyAfter;
  }

  public Optional<Edge> choose(String clientRegion) {
    Optional<Edge> local =
        edges.stream()
            .filter(e -> e.region().equalsIgnoreCase(clientRegion) && healthy(e))
            .findFirst();
    return local.isPresent() ? local : edges.stream().filter(this::healthy).findFirst();
  }

  /** This node's edge listener is up: same-origin edges are reached on its scheme and port. */
  public void localEdgeBound(String scheme, int port) {
    this.localScheme = scheme;
    this.localPort = port;
  }

  /**
   * The base URL of this node's own edge as a player reaches it: the configured public host, the
   * edge listener's scheme and port; empty while no edge listens on this node.
   */
  public Optional<String> localUrl() {
    int port = localPort;
    return port < 0 ? Optional.empty() : Optional.of(localScheme + "://" + publicHost + ":" + port);
  }

  /** This node's API listener is up: licence and heartbeat URLs use its scheme and port. */
  public void apiBound(String scheme, int port) {
    this.apiUrl = scheme + "://" + publicHost + ":" + port;
  }

  /** This node's API as players reach it (configured host, bound port); empty before binding. */
  public Optional<String> apiUrl() {
    return Optional.ofNullable(apiUrl);
  }

  /** Records one probe's outcome; public for tests and for probes other than HTTP. */
  public void report(Edge e, boolean ok) {
    int before = failures.getOrDefault(e, 0);
    int after = ok ? 0 : before + 1;
    failures.put(e, after);
    if (before < unhealthyAfter && after >= unhealthyAfter) {
      log.warn("edge {} ({}) is unhealthy: no longer sending players there", e.url(), e.region());
    } else if (before >= unhealthyAfter && ok) {
      log.info("edge {} ({}) answers again", e.url(), e.region());
    }
  }

  /** Probes every edge every {@code interval}, each probe bounded by {@code timeout}. */
  public void startProbing(ActorSystem<?> system, Duration interval, Duration timeout) {
    Http http = Http.get(system);
    system
        .scheduler()
        .scheduleWithFixedDelay(
            interval,
            interval,
            () -> {
              for (Edge e : edges) {
                if (e.sameOrigin()) {
                  continue; // this node: healthy while it answers the play request
                }
                http.singleRequest(HttpRequest.GET(e.url() + "/edge/_stats"))
                    .toCompletableFuture()
                    .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .whenComplete(
                        (r, err) -> {
                          if (r != null) {
                            r.discardEntityBytes(system);
                          }
                          report(e, err == null && r.status().isSuccess());
                        });
              }
            },
            system.executionContext());
  }
}

package io.reel.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Several Reel nodes in several regions on one machine, sharing one Cassandra and one Kafka
 * (started by {@code ./reel cluster up} under {@code var/cluster} before this runs). Used by {@code
 * ./reel cluster}:
 *
 * <pre>
 * up     [--region eu-west=2 --region us-east=1] [--home eu-west]   start that many nodes
 * add    --region us-east                                          one more node there
 * status                                   members by region and role, reachability, shards per node
 * leave  NAME                               graceful: shards hand off, then the process ends
 * kill   NAME                               SIGKILL, for drills
 * remove NAME                               mark a dead node Down (its region has no member left
 *                                           to do it), so the cluster forgets it
 * down                                      every node (graceful), then the caller stops the servers
 * </pre>
 *
 * <p>Each node is its own JVM ({@code io.reel.node.Main}) named {@code <region>-<n>}, with every
 * role, its own block of ports (HTTP, HTTPS, edge, management, remoting: 18000 + 10·i onwards), its
 * own search index, transcode and edge-cache directories, and the shared media store, keys, TLS
 * certificate and mail file. The first node seeds the cluster. What each was started with is kept
 * in {@code var/cluster/nodes/<name>/node.properties}; its output in {@code node.log}.
 */
public final class LocalCluster {

  static final int BASE_PORT = 18000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path home;
  private final Path nodes;

  LocalCluster(Path home) {
    this.home = home;
    this.nodes = home.resolve("nodes");
  }

  /** One node as recorded on disk. */
  record NodeInfo(String name, String region, int index, long pid, Path dir) {
    int port(int offset) {
      return BASE_PORT + 10 * index + offset;
    }

    int httpPort() {
      return port(0);
    }

    int httpsPort() {
      return port(1);
    }

    int edgePort() {
      return port(2);
    }

    int managementPort() {
      return port(3);
    }

    int remotePort() {
      return port(4);
    }

    String address() {
      return "pekko://reel@127.0.0.1:" + remotePort();
    }

    boolean alive() {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("reel.home", "var/cluster")).toAbsolutePath();
    LocalCluster cluster = new LocalCluster(home);
    String cmd = args.length == 0 ? "status" : args[0];
    List<String> rest = List.of(args).subList(Math.min(1, args.length), args.length);
    try {
      switch (cmd) {
        case "up" -> cluster.up(regions(rest), option(rest, "--home"));
        case "add" ->
            cluster.add(
                option(rest, "--region")
                    .orElseThrow(() -> new IllegalArgumentException("add needs --region NAME")));
        case "status" -> cluster.status();
        case "leave" -> cluster.leave(name(rest));
        case "kill" -> cluster.kill(name(rest));
        case "remove" -> cluster.remove(name(rest));
        case "down" -> cluster.down();
        default -> throw new IllegalArgumentException("unknown cluster command " + cmd);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("reel cluster: " + e.getMessage());
      System.exit(2);
    }
  }

  /** {@code --region eu-west=2 --region us-east=1}, in order; that default when none is given. */
  static LinkedHashMap<String, Integer> regions(List<String> args) {
    LinkedHashMap<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--region") && i + 1 < args.size()) {
        String[] kv = args.get(++i).split("=", 2);
        if (!kv[0].matches("[a-z][a-z0-9-]{0,30}")) {
          throw new IllegalArgumentException(
              "a region is lower-case letters, digits and -: " + kv[0]);
        }
        int n;
        try {
          n = kv.length == 2 ? Integer.parseInt(kv[1]) : 1;
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--region NAME=COUNT: " + args.get(i));
        }
        if (n < 1 || n > 9) {
          throw new IllegalArgumentException("between 1 and 9 nodes per region: " + args.get(i));
        }
        out.merge(kv[0], n, Integer::sum);
      }
    }
    if (out.isEmpty()) {
      out.put("eu-west", 2);
      out.put("us-east", 1);
    }
    return out;
  }

  private static Optional<String> option(List<String> args, String name) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
  }

  private static String name(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("which node? e.g. us-east-1 (see ./reel cluster status)");
    }
    return args.get(0);
  }

  void up(LinkedHashMap<String, Integer> regions, Optional<String> homeRegion) throws Exception {
    if (!running().isEmpty()) {
      throw new IllegalStateException(
          "nodes are running already (./reel cluster status; ./reel cluster down first)");
    }
    String homeDc = homeRegion.orElse(regions.keySet().iterator().next());
    if (!regions.containsKey(homeDc)) {
      throw new IllegalArgumentException("the home region " + homeDc + " has no nodes");
    }
    deleteRecords();
    Files.writeString(home.resolve("home-region"), homeDc + "\n");
    // Each region keeps its own copy of the origin store; the set of regions is fixed here.
    Files.writeString(home.resolve("regions"), String.join("\n", regions.keySet()) + "\n");
    // The home region first: its first node seeds the cluster and hosts the entities.
    List<String> order = new ArrayList<>(regions.keySet());
    order.remove(homeDc);
    order.add(0, homeDc);
    List<NodeInfo> started = new ArrayList<>();
    for (String region : order) {
      for (int n = 0; n < regions.get(region); n++) {
        started.add(start(region));
        if (started.size() == 1) {
          awaitReady(started.get(0), Duration.ofMinutes(3));
        }
      }
    }
    for (NodeInfo node : started) {
      awaitReady(node, Duration.ofMinutes(3));
    }
    say("cluster up: " + started.size() + " nodes, home region " + homeDc);
    status();
  }

  void add(String region) throws Exception {
    NodeInfo node = start(region);
    awaitReady(node, Duration.ofMinutes(3));
    status();
  }

  /** Starts one more node of {@code region} and records it. */
  NodeInfo start(String region) throws IOException {
    List<NodeInfo> all = recorded();
    int index = all.stream().mapToInt(NodeInfo::index).max().orElse(-1) + 1;
    long inRegion = all.stream().filter(n -> n.region().equals(region)).count();
    String name = region + "-" + (inRegion + 1);
    Path dir = nodes.resolve(name);
    Files.createDirectories(dir);
    Optional<NodeInfo> seed = running().stream().min(Comparator.comparingInt(NodeInfo::index));
    NodeInfo planned = new NodeInfo(name, region, index, -1, dir);
    String homeDc = Files.readString(home.resolve("home-region")).trim();

    Map<String, String> env = new TreeMap<>();
    env.put("REEL_REGION", region);
    env.put("REEL_HOME_REGION", homeDc);
    env.put("REEL_ROLES", "write,read,projection,transcode,edge");
    env.put("REEL_SEED_NODES", seed.map(NodeInfo::address).orElse(planned.address()));
    env.put("REEL_HOSTNAME", "127.0.0.1");
    env.put("REEL_REMOTE_PORT", String.valueOf(planned.remotePort()));
    env.put("REEL_HTTP_PORT", String.valueOf(planned.httpPort()));
    env.put("REEL_HTTPS_PORT", String.valueOf(planned.httpsPort()));
    env.put("REEL_EDGE_PORT", String.valueOf(planned.edgePort()));
    env.put("REEL_MANAGEMENT_PORT", String.valueOf(planned.managementPort()));
    // On 127.0.0.1 only: `leave` goes through pekko-management's DELETE /cluster/members/<address>.
    env.put("REEL_MANAGEMENT_READ_ONLY", "false");
    env.put("REEL_KEYSPACE", "reel_cluster");
    env.put("REEL_CASSANDRA_CONTACT_POINT", "127.0.0.1:" + infraPort("REEL_CASSANDRA_PORT", 9142));
    env.put("REEL_KAFKA_BOOTSTRAP", "127.0.0.1:" + infraPort("REEL_KAFKA_PORT", 9192));
    List<String> regions = Files.readAllLines(home.resolve("regions"));
    if (!regions.contains(region)) {
      throw new IllegalArgumentException(
          "no region " + region + " in this cluster (" + regions + "); regions are chosen at up");
    }
    // This region's copy of the origin store, replicating to the other regions' copies.
    env.put("REEL_MEDIA_DIR", home.resolve("media").resolve(region).toString());
    env.put(
        "REEL_MEDIA_REPLICA_DIRS",
        String.join(
            ",",
            regions.stream()
                .filter(r -> !r.isBlank() && !r.equals(region))
                .map(r -> home.resolve("media").resolve(r).toString())
                .toList()));
    env.put("REEL_TLS_DIR", home.resolve("tls").toString());
    // Nodes authenticate each other: one CA for the local cluster, a certificate per node.
    env.put("REEL_CLUSTER_TLS", "true");
    env.put("REEL_CLUSTER_TLS_DIR", home.resolve("cluster-tls").toString());
    env.put("REEL_MAIL_FILE", home.resolve("mail").resolve("outbox.jsonl").toString());
    env.put("REEL_TRANSCODE_WORK_DIR", dir.resolve("transcode").toString());
    env.put("REEL_EDGE_CACHE_DIR", dir.resolve("edge-cache").toString());
    env.put("REEL_MASTER_KEY", LocalReel.localMasterKey(home));
    env.put("REEL_OPERATOR_EMAIL", "operator@reel.local");
    env.put("REEL_OPERATOR_PASSWORD_FILE", home.resolve("operator-password").toString());

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + System.getenv().getOrDefault("REEL_NODE_HEAP", "768m"));
    command.add("-Dconfig.resource=local.conf");
    command.add("-Dreel.search.dir=" + dir.resolve("search"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.reel.node.Main");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()));
    Process p = pb.start();
    NodeInfo node = new NodeInfo(name, region, index, p.pid(), dir);
    Properties props = new Properties();
    props.setProperty("name", name);
    props.setProperty("region", region);
    props.setProperty("index", String.valueOf(index));
    props.setProperty("pid", String.valueOf(p.pid()));
    try (var out = Files.newBufferedWriter(dir.resolve("node.properties"))) {
      props.store(out, "a node of ./reel cluster");
    }
    say(
        "started "
            + name
            + " (pid "
            + p.pid()
            + "): https://localhost:"
            + node.httpsPort()
            + ", edge :"
            + node.edgePort()
            + ", management http://127.0.0.1:"
            + node.managementPort()
            + ", log "
            + home.relativize(dir.resolve("node.log")));
    return node;
  }

  private static int infraPort(String env, int fallback) {
    String v = System.getenv(env);
    return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
  }

  /** Until the node's readiness check passes (Cassandra reachable, member Up). */
  void awaitReady(NodeInfo node, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!node.alive()) {
        throw new IllegalStateException(
            node.name() + " exited while starting; see " + node.dir().resolve("node.log"));
      }
      if (get(node, "/ready").map(r -> r.statusCode() == 200).orElse(false)) {
        say(node.name() + " is ready");
        return;
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(node.name() + " not ready after " + timeout.toSeconds() + " s");
  }

  /** Members by region, their roles, status and reachability, and the shards each node hosts. */
  void status() throws Exception {
    List<NodeInfo> all = recorded();
    if (all.isEmpty()) {
      say("no cluster nodes recorded under " + nodes + " (./reel cluster up)");
      return;
    }
    Optional<JsonNode> members = Optional.empty();
    for (NodeInfo n : all) {
      if (n.alive()) {
        members =
            get(n, "/cluster/members").filter(r -> r.statusCode() == 200).map(LocalCluster::json);
        if (members.isPresent()) {
          break;
        }
      }
    }
    say(
        String.format(
            "%-12s %-9s %-7s %-8s %-12s %-11s %s",
            "node",
            "region",
            "pid",
            "process",
            "member",
            "reachable",
            "shards (titles/accounts/playback)"));
    for (NodeInfo n : all) {
      JsonNode m = member(members, n);
      String status = m == null ? "-" : m.path("status").asText("-");
      boolean unreachable = members.map(ms -> unreachable(ms, n)).orElse(false);
      say(
          String.format(
              "%-12s %-9s %-7d %-8s %-12s %-11s %s",
              n.name(),
              n.region(),
              n.pid(),
              n.alive() ? "running" : "stopped",
              status,
              m == null ? "-" : unreachable ? "NO" : "yes",
              n.alive() ? shards(n) : "-"));
    }
    members.ifPresent(
        ms ->
            say(
                "leader "
                    + ms.path("leader").asText("-")
                    + ", oldest "
                    + ms.path("oldest").asText("-")
                    + "; home region "
                    + homeRegion().orElse("?")
                    + " (entities and projections run there only)"));
  }

  private Optional<String> homeRegion() {
    try {
      return Optional.of(Files.readString(home.resolve("home-region")).trim());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Seen as unreachable by some member ({@code observedBy} lists the observers, not the node). */
  static boolean unreachable(JsonNode members, NodeInfo n) {
    for (JsonNode u : members.path("unreachable")) {
      if (u.path("node").asText().equals(n.address())) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode member(Optional<JsonNode> members, NodeInfo n) {
    if (members.isEmpty()) {
      return null;
    }
    for (JsonNode m : members.get().path("members")) {
      if (m.path("node").asText().equals(n.address())) {
        return m;
      }
    }
    return null;
  }

  /** Shards hosted by this node for three entity types (0 on a proxy, i.e. outside the home). */
  private String shards(NodeInfo n) {
    List<String> counts = new ArrayList<>();
    for (String type : List.of("Title", "Account", "Playback")) {
      counts.add(
          get(n, "/cluster/shards/" + URLEncoder.encode(type, StandardCharsets.UTF_8))
              .filter(r -> r.statusCode() == 200)
              .map(LocalCluster::json)
              .map(j -> String.valueOf(j.path("regions").size()))
              // No shard region here (a proxy, outside the home region): none.
              .orElse("0"));
    }
    return String.join("/", counts);
  }

  /** Graceful: the member leaves (shards and singletons hand over), then the process ends. */
  void leave(String name) throws Exception {
    NodeInfo n = find(name);
    Optional<HttpResponse<String>> r = send(n, HttpRequest.newBuilder(memberUri(n, n)).DELETE());
    if (r.isEmpty() || r.get().statusCode() != 200) {
      throw new IllegalStateException(
          name + " did not accept the leave: " + r.map(HttpResponse::body).orElse("unreachable"));
    }
    say(name + " is leaving: " + r.get().body().strip());
    // The node's actor system stops once it has left; then its JVM is told to end.
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (n.alive() && get(n, "/alive").isPresent() && System.nanoTime() < end) {
      Thread.sleep(1000);
    }
    stop(n, Duration.ofSeconds(20));
    say(name + " left and stopped");
  }

  /** For drills: the node dies at once, as in a crash. Its shards move after the downing. */
  void kill(String name) {
    NodeInfo n = find(name);
    ProcessHandle.of(n.pid()).ifPresent(ProcessHandle::destroyForcibly);
    say(name + " (pid " + n.pid() + ") killed");
  }

  /**
   * Marks a node Down through a live member's management API ({@code PUT /cluster/members/<address>
   * operation=Down}): for a dead node the split brain resolver leaves alone because no member of
   * its own region remains. Refused while the node's process still runs (use leave).
   */
  void remove(String name) throws Exception {
    NodeInfo n = find(name);
    if (n.alive()) {
      throw new IllegalStateException(name + " is running: use leave, or kill it first");
    }
    NodeInfo via =
        running().stream()
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no running node to ask"));
    Optional<HttpResponse<String>> r =
        send(
            via,
            HttpRequest.newBuilder(memberUri(via, n))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("operation=Down")));
    if (r.isEmpty() || r.get().statusCode() != 200) {
      throw new IllegalStateException(
          "could not down " + name + ": " + r.map(HttpResponse::body).orElse("unreachable"));
    }
    say(name + ": " + r.get().body().strip());
  }

  void down() throws Exception {
    List<NodeInfo> alive = running();
    // Non-home regions first, the seed last.
    alive.sort(Comparator.comparingInt(NodeInfo::index).reversed());
    for (NodeInfo n : alive) {
      stop(n, Duration.ofSeconds(30));
      say("stopped " + n.name());
    }
  }

  private static void stop(NodeInfo n, Duration grace) throws InterruptedException {
    Optional<ProcessHandle> p = ProcessHandle.of(n.pid());
    if (p.isEmpty() || !p.get().isAlive()) {
      return;
    }
    p.get().destroy();
    long end = System.nanoTime() + grace.toNanos();
    while (p.get().isAlive() && System.nanoTime() < end) {
      Thread.sleep(200);
    }
    if (p.get().isAlive()) {
      p.get().destroyForcibly();
    }
  }

  private NodeInfo find(String name) {
    return recorded().stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + name + " (see status)"));
  }

  List<NodeInfo> running() {
    return new ArrayList<>(recorded().stream().filter(NodeInfo::alive).toList());
  }

  List<NodeInfo> recorded() {
    if (!Files.isDirectory(nodes)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(nodes)) {
      List<NodeInfo> out = new ArrayList<>();
      for (Path dir : dirs.toList()) {
        Path file = dir.resolve("node.properties");
        if (!Files.isRegularFile(file)) {
          continue;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
          p.load(in);
        }
        out.add(
            new NodeInfo(
                p.getProperty("name"),
                p.getProperty("region"),
                Integer.parseInt(p.getProperty("index")),
                Long.parseLong(p.getProperty("pid")),
                dir));
      }
      out.sort(Comparator.comparingInt(NodeInfo::index));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Forgets the nodes of an earlier cluster (their data stays in Cassandra and the media store).
   */
  private void deleteRecords() throws IOException {
    for (NodeInfo n : recorded()) {
      Files.deleteIfExists(n.dir().resolve("node.properties"));
    }
  }

  /** {@code member} as a resource of {@code via}'s management API. */
  private static URI memberUri(NodeInfo via, NodeInfo member) {
    return URI.create(
        "http://127.0.0.1:"
            + via.managementPort()
            + "/cluster/members/"
            + URLEncoder.encode(member.address(), StandardCharsets.UTF_8));
  }

  private static Optional<HttpResponse<String>> get(NodeInfo n, String path) {
    return send(
        n, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.managementPort() + path)));
  }

  private static Optional<HttpResponse<String>> send(NodeInfo n, HttpRequest.Builder request) {
    try {
      return Optional.of(
          HTTP.send(
              request.timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static void say(String line) {
    System.out.println(line);
  }
}

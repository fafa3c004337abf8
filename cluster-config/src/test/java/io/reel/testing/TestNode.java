package io.reel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.reel.http.TlsCertificates;
import io.reel.node.Node;
import io.reel.node.NodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A real Reel node in this JVM, against the test run's Cassandra and Kafka, with its own keyspace
 * and topic. Several can run side by side with different roles and join one cluster.
 */
public final class TestNode implements AutoCloseable {

  private final ActorSystem<Void> system;
  private final Node.Running running;
  private OperatorSession operator;

  private TestNode(ActorSystem<Void> system, Node.Running running) {
    this.system = system;
    this.running = running;
  }

  /** A fixed master key for tests only (never use it anywhere else). */
  public static final String TEST_MASTER_KEY = "dGVzdC1tYXN0ZXIta2V5LTAxMjM0NTY3ODlhYmNkZWY=";

  public static Config config(
      String keyspace, String topic, List<String> roles, Optional<String> seed) {
    return config(keyspace, topic, roles, seed, Map.of());
  }

  /**
   * @param extra more settings, e.g. {@code reel.media.store-dir}; by default media goes under
   *     target/media/{keyspace}
   */
  public static Config config(
      String keyspace,
      String topic,
      List<String> roles,
      Optional<String> seed,
      Map<String, Object> extra) {
    Map<String, Object> o = new HashMap<>();
    o.put("reel.cassandra.contact-point", "127.0.0.1:" + TestInfra.cassandraPort());
    o.put("reel.cassandra.keyspace", keyspace);
    o.put("reel.kafka.bootstrap-servers", TestInfra.kafkaBootstrap());
    o.put("reel.kafka.topics.title-events", topic);
    o.put("reel.kafka.topics.playback-events", topic + ".playback");
    o.put("reel.edge.cache.dir", "target/media/" + keyspace + "/edge-cache");
    o.put("reel.kafka.partitions", 2);
    o.put("reel.http.port", 0);
    o.put("reel.http.public-host", "127.0.0.1");
    o.put("reel.edge.listener.port", 0);
    o.put("pekko.management.http.port", 0);
    o.put("pekko.remote.artery.canonical.port", 0);
    o.put("pekko.cluster.roles", roles);
    o.put("pekko.cluster.seed-nodes", seed.map(List::of).orElse(List.of()));
    o.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    // Faster than production (where sub-second values risk missed events; see stack.md).
    o.put("pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay", "200ms");
    o.put("pekko.persistence.cassandra.query.refresh-interval", "200ms");
    o.put("pekko.persistence.cassandra.events-by-tag.pubsub-notification", "on");
    o.put("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    o.put("reel.media.store-dir", "target/media/" + keyspace + "/store");
    o.put("reel.search.dir", "target/search/" + keyspace + "/" + UUID.randomUUID());
    o.put("reel.search.batch-window", "100ms");
    o.put("reel.transcode.work-dir", "target/media/" + keyspace + "/work");
    o.put("reel.keys.master-key", TEST_MASTER_KEY);
    // Plain HTTP unless a test asks for the TLS gateway (GatewayTest, the operator console).
    o.put("reel.gateway.https.enabled", false);
    o.put("reel.gateway.https.port", 0);
    o.put("reel.gateway.https.self-signed-dir", "target/tls/" + keyspace);
    o.put("reel.accounts.mail-file", "target/mail/" + keyspace + ".jsonl");
    // When a test turns on TLS between nodes: one CA per test class.
    o.put("reel.cluster.tls.dir", "target/cluster-tls/" + keyspace);
    o.put("reel.operators.bootstrap-email", operatorEmail(keyspace));
    o.put("reel.operators.password-file", operatorPasswordFile(keyspace).toString());
    o.putAll(extra);
    return NodeConfig.load(ConfigFactory.parseMap(o), Map.of());
  }

  /** The node's first operator (created by the node on start, as {@code ./reel run} does). */
  public static String operatorEmail(String keyspace) {
    return "operator@" + keyspace.replace('_', '-') + ".test";
  }

  /** Where the operator's password is: {@link Viewer#PASSWORD}, written before the node starts. */
  static Path operatorPasswordFile(String keyspace) {
    Path file = Path.of("target", "operators", keyspace);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, Viewer.PASSWORD);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  public static TestNode start(String keyspace, String topic) {
    return start(keyspace, topic, List.of("write", "projection", "read"), Optional.empty());
  }

  public static TestNode start(
      String keyspace, String topic, List<String> roles, Optional<String> seed) {
    return start(keyspace, topic, roles, seed, Map.of());
  }

  public static TestNode start(
      String keyspace,
      String topic,
      List<String> roles,
      Optional<String> seed,
      Map<String, Object> extra) {
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "reel", config(keyspace, topic, roles, seed, extra));
    try {
      TestNode node = new TestNode(system, Node.start(system));
      if (node.tls()) {
        TestTrust.add(node.certificate());
      }
      if (node.running.http().isPresent() && roles.contains("write")) {
        node.operator = new OperatorSession(node.baseUrl(), operatorEmail(keyspace));
        Http.operator(node.baseUrl(), node.operator);
      }
      return node;
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /** Waits until this node sees {@code count} members Up (the others have joined). */
  public void awaitMembersUp(int count) {
    Eventually.assertThat(
        () -> {
          var members = Cluster.get(system).state().getMembers();
          long up = 0;
          for (var m : members) {
            up += m.status() == org.apache.pekko.cluster.MemberStatus.up() ? 1 : 0;
          }
          assertEquals(count, up, "members up: " + members);
        });
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public Node.Running node() {
    return running;
  }

  public String address() {
    return Cluster.get(system).selfMember().address().toString();
  }

  /** True when the node serves HTTPS (its gateway and its edge), with {@link #certificate()}. */
  public boolean tls() {
    return system.settings().config().getBoolean("reel.gateway.https.enabled");
  }

  /** The PEM of the self-signed certificate a TLS node made for itself on start. */
  public Path certificate() {
    return Path.of(system.settings().config().getString("reel.gateway.https.self-signed-dir"))
        .resolve(TlsCertificates.CERT_PEM)
        .toAbsolutePath();
  }

  public String baseUrl() {
    return (tls() ? "https" : "http")
        + "://127.0.0.1:"
        + running.http().orElseThrow().localAddress().getPort();
  }

  /**
   * The node's first operator, signed in on first use (the node creates the operator just after it
   * starts) and again shortly before its access token expires.
   */
  private static final class OperatorSession implements Supplier<String> {
    private final String base;
    private final String credentials;
    private String token;
    private Instant expiresAt = Instant.EPOCH;

    OperatorSession(String base, String email) {
      this.base = base;
      this.credentials = "{\"email\":\"" + email + "\",\"password\":\"" + Viewer.PASSWORD + "\"}";
    }

    @Override
    public synchronized String get() {
      if (token == null || Instant.now().isAfter(expiresAt.minusSeconds(60))) {
        JsonNode signedIn =
            Eventually.get(
                () -> {
                  Http.Response r = Viewer.send(base, "POST", "/auth/signin", credentials, null);
                  if (r.status() != 200) {
                    throw new AssertionError("operator sign-in: " + r.status() + " " + r.body());
                  }
                  return r.json();
                });
        token = signedIn.get("accessToken").asText();
        expiresAt = Instant.parse(signedIn.get("expiresAt").asText());
      }
      return token;
    }
  }

  /** An access token of the node's first operator (a node with the write role). */
  public String operatorToken() {
    if (operator == null) {
      throw new IllegalStateException("this node has no write role, so no operator");
    }
    return operator.get();
  }

  @Override
  public void close() {
    if (running.http().isPresent()) {
      Http.forget(baseUrl());
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("node did not stop", e);
    }
  }
}

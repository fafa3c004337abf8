package io.reel.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import io.reel.node.CassandraSessions;
import io.reel.node.SchemaMigrator;
import io.reel.projections.kafka.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Cassandra node and Kafka broker of a test run, started once by {@code ./reel test} and passed
 * in as the system properties {@code reel.test.cassandra.port} / {@code reel.test.kafka.port}. Each
 * test class takes its own keyspace and topics, so classes do not depend on each other or on their
 * order.
 */
public final class TestInfra {
  private static final String HOST = "127.0.0.1";
  private static CqlSession session;

  private TestInfra() {}

  public static int cassandraPort() {
    return port("reel.test.cassandra.port");
  }

  public static String kafkaBootstrap() {
    return HOST + ":" + port("reel.test.kafka.port");
  }

  private static int port(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + property
              + " is not set: run ./reel test (it starts Cassandra and Kafka for the tests)");
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(property + "=" + value + " is not a port number");
    }
  }

  /** One driver session for the whole test JVM, closed when it exits. */
  public static synchronized CqlSession session() {
    if (session == null || session.isClosed()) {
      CqlSession s =
          CassandraSessions.open(
              "127.0.0.1:" + cassandraPort(), "datacenter1", Duration.ofSeconds(30));
      Runtime.getRuntime().addShutdownHook(new Thread(s::close, "test-infra-session-close"));
      session = s;
    }
    return session;
  }

  /**
   * Creates a new keyspace for a test class (named after it, plus a random suffix) with the whole
   * schema of {@code cql/} applied, and returns its name.
   */
  public static String freshKeyspace(Class<?> testClass) {
    String base = testClass.getSimpleName().replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    int room = 48 - 3 - suffix.length();
    String keyspace = "t_" + (base.length() > room ? base.substring(0, room) : base) + "_" + suffix;
    SchemaMigrator.apply(session(), keyspace);
    return keyspace;
  }

  /** A unique topic name (not created: whoever uses it decides its partitions). */
  public static String freshTopic(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A unique topic, created with the given number of partitions. */
  public static String freshTopic(String base, int partitions) {
    String topic = freshTopic(base);
    KafkaTopics.ensure(kafkaBootstrap(), Map.of(topic, partitions));
    return topic;
  }

  /** The repository root (the directory holding {@code reel}), from the working directory up. */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("reel")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("no repository root (a directory with ./reel) above " + dir);
  }

  /**
   * Published titles in a keyspace's catalog read model (a full scan: tests and benchmarks only).
   */
  public static long publishedTitles(String keyspace) {
    return session()
        .execute(
            "SELECT COUNT(*) FROM "
                + keyspace
                + ".catalog_titles WHERE status = 'PUBLISHED' ALLOW FILTERING")
        .one()
        .getLong(0);
  }
}

package io.reel.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and how the local Cassandra node and Kafka broker run.
 *
 * @param home directory under which both servers keep config, data, logs and pid files; data
 *     survives restarts unless {@code ephemeral}
 * @param cassandraPort CQL native transport port
 * @param cassandraStoragePort Cassandra inter-node (gossip) port
 * @param kafkaPort PLAINTEXT listener of the broker
 * @param kafkaControllerPort KRaft CONTROLLER listener
 * @param cassandraHeap -Xmx/-Xms of the Cassandra JVM, e.g. {@code 1g} (the default: with ~25
 *     tables per keyspace and a keyspace per test class, 512m ran out of heap)
 * @param kafkaHeap -Xmx/-Xms of the Kafka JVM, e.g. {@code 256m}
 * @param cassandraClasspathFile file with the Cassandra server classpath (one line, ':'-separated)
 * @param kafkaClasspathFile file with the Kafka broker classpath
 * @param ephemeral throw-away data: trades durability for speed (tests)
 * @param keyspace keyspace the schema is applied to by {@link LocalInfrastructure}; null: none
 * @param topics topics (name to partition count) created by {@link LocalInfrastructure}
 * @param startTimeout how long each server may take to become ready
 * @param envPrefix prefix of the environment variables named in error messages ({@code REEL_} or
 *     {@code REEL_TEST_})
 */
public record InfraSettings(
    Path home,
    int cassandraPort,
    int cassandraStoragePort,
    int kafkaPort,
    int kafkaControllerPort,
    String cassandraHeap,
    String kafkaHeap,
    Path cassandraClasspathFile,
    Path kafkaClasspathFile,
    boolean ephemeral,
    String keyspace,
    Map<String, Integer> topics,
    Duration startTimeout,
    String envPrefix) {

  public static final String HOST = "127.0.0.1";
  public static final String LOCAL_DATACENTER = "datacenter1";

  public InfraSettings {
    home = home.toAbsolutePath().normalize();
    cassandraClasspathFile = cassandraClasspathFile.toAbsolutePath().normalize();
    kafkaClasspathFile = kafkaClasspathFile.toAbsolutePath().normalize();
    topics = Map.copyOf(topics == null ? Map.of() : topics);
  }

  /**
   * Defaults for a home directory, relative to the repository root for the classpath files, with
   * ports and heaps overridable by {@code REEL_CASSANDRA_PORT}, {@code
   * REEL_CASSANDRA_STORAGE_PORT}, {@code REEL_KAFKA_PORT}, {@code REEL_KAFKA_CONTROLLER_PORT},
   * {@code REEL_CASSANDRA_HEAP}, {@code REEL_KAFKA_HEAP}.
   */
  public static InfraSettings defaults(Path home) {
    Map<String, String> env = System.getenv();
    return new InfraSettings(
        home,
        intEnv(env, "REEL_CASSANDRA_PORT", 9042),
        intEnv(env, "REEL_CASSANDRA_STORAGE_PORT", 7000),
        intEnv(env, "REEL_KAFKA_PORT", 9092),
        intEnv(env, "REEL_KAFKA_CONTROLLER_PORT", 9093),
        env.getOrDefault("REEL_CASSANDRA_HEAP", "1g"),
        env.getOrDefault("REEL_KAFKA_HEAP", "256m"),
        Path.of("local-infra/infra/cassandra/target/classpath.txt"),
        Path.of("local-infra/infra/kafka/target/classpath.txt"),
        false,
        null,
        Map.of(),
        Duration.ofSeconds(120),
        "REEL_");
  }

  public String kafkaBootstrap() {
    return HOST + ":" + kafkaPort;
  }

  public InfraSettings withPorts(
      int cassandraPort, int cassandraStoragePort, int kafkaPort, int kafkaControllerPort) {
    return copy(
        c -> {
          c.cassandraPort = cassandraPort;
          c.cassandraStoragePort = cassandraStoragePort;
          c.kafkaPort = kafkaPort;
          c.kafkaControllerPort = kafkaControllerPort;
        });
  }

  public InfraSettings withHeaps(String cassandraHeap, String kafkaHeap) {
    return copy(
        c -> {
          c.cassandraHeap = cassandraHeap;
          c.kafkaHeap = kafkaHeap;
        });
  }

  public InfraSettings withClasspathFiles(Path cassandraClasspathFile, Path kafkaClasspathFile) {
    return copy(
        c -> {
          c.cassandraClasspathFile = cassandraClasspathFile;
          c.kafkaClasspathFile = kafkaClasspathFile;
        });
  }

  public InfraSettings withEphemeral(boolean ephemeral) {
    return copy(c -> c.ephemeral = ephemeral);
  }

  public InfraSettings withSchema(String keyspace, Map<String, Integer> topics) {
    return copy(
        c -> {
          c.keyspace = keyspace;
          c.topics = new LinkedHashMap<>(topics);
        });
  }

  public InfraSettings withStartTimeout(Duration startTimeout) {
    return copy(c -> c.startTimeout = startTimeout);
  }

  public InfraSettings withEnvPrefix(String envPrefix) {
    return copy(c -> c.envPrefix = envPrefix);
  }

  /** The fields as mutable copies: each {@code withX} changes some and builds a new record. */
  private static final class Copy {
    Path home;
    int cassandraPort;
    int cassandraStoragePort;
    int kafkaPort;
    int kafkaControllerPort;
    String cassandraHeap;
    String kafkaHeap;
    Path cassandraClasspathFile;
    Path kafkaClasspathFile;
    boolean ephemeral;
    String keyspace;
    Map<String, Integer> topics;
    Duration startTimeout;
    String envPrefix;
  }

  private InfraSettings copy(java.util.function.Consumer<Copy> change) {
    Copy c = new Copy();
    c.home = home;
    c.cassandraPort = cassandraPort;
    c.cassandraStoragePort = cassandraStoragePort;
    c.kafkaPort = kafkaPort;
    c.kafkaControllerPort = kafkaControllerPort;
    c.cassandraHeap = cassandraHeap;
    c.kafkaHeap = kafkaHeap;
    c.cassandraClasspathFile = cassandraClasspathFile;
    c.kafkaClasspathFile = kafkaClasspathFile;
    c.ephemeral = ephemeral;
    c.keyspace = keyspace;
    c.topics = topics;
    c.startTimeout = startTimeout;
    c.envPrefix = envPrefix;
    change.accept(c);
    return new InfraSettings(
        c.home,
        c.cassandraPort,
        c.cassandraStoragePort,
        c.kafkaPort,
        c.kafkaControllerPort,
        c.cassandraHeap,
        c.kafkaHeap,
        c.cassandraClasspathFile,
        c.kafkaClasspathFile,
        c.ephemeral,
        c.keyspace,
        c.topics,
        c.startTimeout,
        c.envPrefix);
  }

  private static int intEnv(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new InfraException(name + "=" + value + " is not a port number");
    }
  }
}

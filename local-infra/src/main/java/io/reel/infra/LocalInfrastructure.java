package io.reel.infra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.reel.node.SchemaMigrator;
import io.reel.projections.kafka.KafkaTopics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local Cassandra node and Kafka broker, each its own JVM, started together; the schema is
 * applied to {@link InfraSettings#keyspace()} and {@link InfraSettings#topics()} are created.
 * {@link #close()} stops both; a shutdown hook does the same on Ctrl-C so no server outlives this
 * JVM.
 */
public final class LocalInfrastructure implements AutoCloseable {
  private final InfraSettings settings;
  private final CassandraServer cassandra;
  private final KafkaServer kafka;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalInfrastructure(InfraSettings settings) {
    this.settings = settings;
    this.cassandra = new CassandraServer(settings);
    this.kafka = new KafkaServer(settings);
    this.shutdownHook = new Thread(this::stopAll, "reel-infra-shutdown");
  }

  /** Starts both servers in parallel, then applies the schema and creates the topics. */
  public static LocalInfrastructure start(InfraSettings settings) {
    LocalInfrastructure infra = new LocalInfrastructure(settings);
    // Fail on a taken port before starting anything (stale servers of this home are stopped first).
    ServerProcess.stopRecorded(settings.home(), "cassandra", ServerProcess.STOP_GRACE, true);
    ServerProcess.stopRecorded(settings.home(), "kafka", ServerProcess.STOP_GRACE, true);
    infra.cassandra.checkPortsFree();
    infra.kafka.checkPortsFree();
    Runtime.getRuntime().addShutdownHook(infra.shutdownHook);
    try {
      CompletableFuture<Void> c =
          CompletableFuture.runAsync(infra.cassandra::start, LocalInfrastructure::newThread);
      CompletableFuture<Void> k =
          CompletableFuture.runAsync(infra.kafka::start, LocalInfrastructure::newThread);
      try {
        CompletableFuture.allOf(c, k).join();
      } catch (CompletionException e) {
        throw unwrap(e);
      }
      if (settings.keyspace() != null && !settings.keyspace().isBlank()) {
        try (CqlSession session = infra.openSession()) {
          SchemaMigrator.apply(session, settings.keyspace());
        }
      }
      KafkaTopics.ensure(settings.kafkaBootstrap(), settings.topics());
      return infra;
    } catch (RuntimeException e) {
      infra.close();
      throw e;
    }
  }

  /** One thread per server: the common pool has a single thread on a 2-core machine. */
  private static void newThread(Runnable task) {
    Thread t = new Thread(task, "reel-infra");
    t.setDaemon(true);
    t.start();
  }

  private static RuntimeException unwrap(CompletionException e) {
    Throwable cause = e.getCause();
    return cause instanceof RuntimeException re ? re : new InfraException(cause.toString(), cause);
  }

  public InfraSettings settings() {
    return settings;
  }

  public CassandraServer cassandra() {
    return cassandra;
  }

  public KafkaServer kafka() {
    return kafka;
  }

  public int cassandraPort() {
    return settings.cassandraPort();
  }

  public String kafkaBootstrap() {
    return settings.kafkaBootstrap();
  }

  /** A new driver session to the local node; the caller closes it. */
  public CqlSession openSession() {
    return CassandraServer.openSession(settings.cassandraPort(), Duration.ofSeconds(30));
  }

  /** Synchronized: a second caller (e.g. another shutdown hook) waits until both are stopped. */
  private synchronized void stopAll() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture<Void> c =
        CompletableFuture.runAsync(cassandra::stop, LocalInfrastructure::newThread);
    CompletableFuture<Void> k =
        CompletableFuture.runAsync(kafka::stop, LocalInfrastructure::newThread);
    CompletableFuture.allOf(c, k).exceptionally(t -> null).join();
  }

  /** Stops both servers (SIGTERM, then SIGKILL after a grace period). Idempotent. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrRemoved) {
      // the hook is running or gone
    }
  }
}

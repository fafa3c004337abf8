package io.reel.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.reel.domain.ids.SnowflakeIdGenerator;
import io.reel.domain.title.TitleId;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives this node a Snowflake node id no other live node holds: a lease row per id, claimed and
 * renewed with Cassandra lightweight transactions (serial consistency across the cluster). A node
 * that cannot renew in time stops issuing ids rather than risk a duplicate.
 */
public final class NodeIdLease implements Supplier<TitleId>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NodeIdLease.class);

  private final CqlSession session;
  private final PreparedStatement renew;
  private final PreparedStatement release;
  private final Duration ttl;
  private final String owner;
  private final int nodeId;
  private final SnowflakeIdGenerator generator;
  private final ScheduledExecutorService timer;
  private volatile long validUntilNanos;

  private NodeIdLease(
      CqlSession session,
      String keyspace,
      Duration ttl,
      Duration renewEvery,
      String owner,
      int id) {
    this.session = session;
    this.ttl = ttl;
    this.owner = owner;
    this.nodeId = id;
    this.generator = new SnowflakeIdGenerator(id);
    this.renew =
        session.prepare(
            "UPDATE "
                + keyspace
                + ".node_id_leases USING TTL ? SET owner = ? WHERE node_id = ?"
                + " IF owner = ?");
    this.release =
        session.prepare(
            "DELETE FROM " + keyspace + ".node_id_leases WHERE node_id = ? IF owner = ?");
    this.validUntilNanos = System.nanoTime() + ttl.toNanos() * 2 / 3;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "node-id-lease");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        this::renew, renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Claims the first free id, starting from a hash of {@code hint} so nodes rarely contend. */
  public static NodeIdLease acquire(
      CqlSession session, String keyspace, Duration ttl, Duration renewEvery, String hint) {
    String owner = hint + "/" + UUID.randomUUID();
    PreparedStatement claim =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".node_id_leases (node_id, owner) VALUES (?, ?) IF NOT EXISTS USING TTL ?");
    int start = Math.floorMod(hint.hashCode(), SnowflakeIdGenerator.MAX_NODE_ID + 1);
    for (int i = 0; i <= SnowflakeIdGenerator.MAX_NODE_ID; i++) {
      int candidate = (start + i) % (SnowflakeIdGenerator.MAX_NODE_ID + 1);
      if (session.execute(claim.bind(candidate, owner, (int) ttl.toSeconds())).wasApplied()) {
        log.info("node id {} leased to {}", candidate, owner);
        return new NodeIdLease(session, keyspace, ttl, renewEvery, owner, candidate);
      }
    }
    throw new IllegalStateException("all 1024 node ids are leased: too many live nodes");
  }

  public int nodeId() {
    return nodeId;
  }

  private void renew() {
    long started = System.nanoTime();
    try {
      boolean applied =
          session.execute(renew.bind((int) ttl.toSeconds(), owner, nodeId, owner)).wasApplied();
      if (applied) {
        validUntilNanos = started + ttl.toNanos() * 2 / 3;
      } else {
        validUntilNanos = 0;
        log.error("node id {} lease was lost: this node stops issuing ids", nodeId);
      }
    } catch (RuntimeException e) {
      log.warn("node id {} lease renewal failed, will retry: {}", nodeId, e.toString());
    }
  }

  @Override
  public TitleId get() {
    if (System.nanoTime() - validUntilNanos > 0) {
      throw new IllegalStateException("node id lease " + nodeId + " is not current");
    }
    return new TitleId(generator.nextId());
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      session.execute(release.bind(nodeId, owner));
    } catch (RuntimeException e) {
      log.debug("could not release node id {}: {}", nodeId, e.toString());
    }
  }
}

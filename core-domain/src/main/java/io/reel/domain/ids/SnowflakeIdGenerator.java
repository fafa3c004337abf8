package io.reel.domain.ids;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Snowflake-style 64-bit ids: 41 bits of milliseconds since {@link #EPOCH}, 10 bits of node id, 12
 * bits of per-millisecond sequence. Ids from one generator are strictly increasing; ids from two
 * generators with different node ids never collide.
 *
 * <p>When the wall clock steps back, the generator does not wait and does not reuse a timestamp: it
 * keeps counting from the last timestamp it issued, borrowing the next millisecond when a
 * millisecond's 4096 sequence numbers are used up, until the clock catches up again.
 */
public final class SnowflakeIdGenerator {

  /** 2026-01-01T00:00:00Z: the ids last about 69 years from here. */
  public static final long EPOCH = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  public static final int NODE_BITS = 10;
  public static final int SEQUENCE_BITS = 12;
  public static final int MAX_NODE_ID = (1 << NODE_BITS) - 1;
  private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

  private final int nodeId;
  private final LongSupplier clock;
  private long lastTimestamp = -1;
  private long sequence;

  public SnowflakeIdGenerator(int nodeId) {
    this(nodeId, System::currentTimeMillis);
  }

  public SnowflakeIdGenerator(int nodeId, LongSupplier clockMillis) {
    if (nodeId < 0 || nodeId > MAX_NODE_ID) {
      throw new IllegalArgumentException(
          "node id must be between 0 and " + MAX_NODE_ID + ", was " + nodeId);
    }
    this.nodeId = nodeId;
    this.clock = clockMillis;
  }

  public int nodeId() {
    return nodeId;
  }

  public synchronized long nextId() {
    long now = clock.getAsLong() - EPOCH;
    if (now < 0) {
      throw new IllegalStateException(
          "clock is before the id epoch " + Instant.ofEpochMilli(EPOCH));
    }
    if (now > lastTimestamp) {
      lastTimestamp = now;
      sequence = 0;
    } else {
      // Same millisecond, or the clock stepped back: continue after the last id issued.
      sequence = (sequence + 1) & SEQUENCE_MASK;
      if (sequence == 0) {
        lastTimestamp++;
      }
    }
    return (lastTimestamp << (NODE_BITS + SEQUENCE_BITS))
        | ((long) nodeId << SEQUENCE_BITS)
        | sequence;
  }

  public static Instant timestampOf(long id) {
    return Instant.ofEpochMilli((id >>> (NODE_BITS + SEQUENCE_BITS)) + EPOCH);
  }

  public static int nodeIdOf(long id) {
    return (int) ((id >>> SEQUENCE_BITS) & MAX_NODE_ID);
  }
}

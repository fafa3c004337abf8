package io.reel.domain.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SnowflakeIdGeneratorTest {

  private static final long T0 = SnowflakeIdGenerator.EPOCH + 1_000_000L;

  @Test
  void idsAreStrictlyIncreasingAndCarryTimeAndNode() {
    AtomicLong clock = new AtomicLong(T0);
    SnowflakeIdGenerator gen = new SnowflakeIdGenerator(37, clock::get);
    long previous = 0;
    for (int i = 0; i < 10_000; i++) {
      if (i % 100 == 0) {
        clock.incrementAndGet();
      }
      long id = gen.nextId();
      assertTrue(id > previous, "ids must increase");
      previous = id;
    }
    assertEquals(37, SnowflakeIdGenerator.nodeIdOf(previous));
    assertEquals(T0 + 100, SnowflakeIdGenerator.timestampOf(previous).toEpochMilli());
  }

  @Test
  void moreThan4096IdsInOneMillisecondBorrowTheNextMillisecond() {
    SnowflakeIdGenerator gen = new SnowflakeIdGenerator(1, () -> T0);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertTrue(seen.add(gen.nextId()));
    }
    assertEquals(T0 + 2, SnowflakeIdGenerator.timestampOf(gen.nextId()).toEpochMilli());
  }

  @Test
  void clockSteppingBackNeitherRepeatsNorGoesBackwards() {
    AtomicLong clock = new AtomicLong(T0);
    SnowflakeIdGenerator gen = new SnowflakeIdGenerator(5, clock::get);
    long beforeStep = gen.nextId();
    clock.addAndGet(-60_000); // NTP steps the clock back a minute
    long afterStep = gen.nextId();
    assertTrue(afterStep > beforeStep);
    clock.addAndGet(120_000);
    long later = gen.nextId();
    assertTrue(later > afterStep);
    assertEquals(T0 + 60_000, SnowflakeIdGenerator.timestampOf(later).toEpochMilli());
  }

  @Test
  void generatorsOnDifferentNodesNeverCollide() throws Exception {
    Set<Long> all = ConcurrentHashMap.newKeySet();
    Thread[] threads = new Thread[4];
    for (int n = 0; n < threads.length; n++) {
      SnowflakeIdGenerator gen = new SnowflakeIdGenerator(n, () -> T0); // same instant everywhere
      threads[n] =
          new Thread(
              () -> {
                for (int i = 0; i < 20_000; i++) {
                  all.add(gen.nextId());
                }
              });
      threads[n].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(80_000, all.size());
  }

  @Test
  void rejectsNodeIdsOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> new SnowflakeIdGenerator(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SnowflakeIdGenerator(SnowflakeIdGenerator.MAX_NODE_ID + 1));
  }
}

package io.reel.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop load: {@code clients} threads each send the next request as soon as the last one is
 * answered, for a fixed time. Failed requests count as errors, not as latencies.
 */
final class ClosedLoop {

  /** One request; true when it was answered as it should be. */
  interface Call {
    boolean run(int i) throws Exception;
  }

  /** What a closed-loop run measured. */
  record Figures(Percentiles latency, double perSecond, int errors) {}

  private ClosedLoop() {}

  /** {@code -Dbench.clients=1,16,64}: the numbers of clients to run with. */
  static List<Integer> clients() {
    return java.util.Arrays.stream(System.getProperty("bench.clients", "1,16,64").split(","))
        .map(c -> Integer.parseInt(c.trim()))
        .toList();
  }

  static Figures run(int clients, double seconds, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    long stopAt = start + (long) (seconds * 1e9);
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < clients; w++) {
      workers.add(
          pool.submit(
              () -> {
                List<Long> mine = new ArrayList<>();
                while (System.nanoTime() < stopAt) {
                  int i = next.getAndIncrement();
                  long t0 = System.nanoTime();
                  boolean ok;
                  try {
                    ok = call.run(i);
                  } catch (IOException e) {
                    ok = false;
                  }
                  if (ok) {
                    mine.add(System.nanoTime() - t0);
                  } else {
                    errors.incrementAndGet();
                  }
                }
                latencies.addAll(mine);
                return null;
              }));
    }
    for (Future<?> f : workers) {
      f.get();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return new Figures(Percentiles.of(latencies), latencies.size() / elapsed, errors.get());
  }
}

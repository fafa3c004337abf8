package io.reel.transcode.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

  private static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void runsNoMoreThanTheLimitAndFinishesEveryJob() throws Exception {
    WorkerPool pool = new WorkerPool(kit.system(), 2, 4);
    List<CompletableFuture<Done>> gates = new ArrayList<>();
    List<CompletionStage<Done>> results = new ArrayList<>();
    AtomicInteger started = new AtomicInteger();
    for (int i = 0; i < 6; i++) {
      CompletableFuture<Done> gate = new CompletableFuture<>();
      gates.add(gate);
      results.add(
          pool.submit(
              () -> {
                started.incrementAndGet();
                return gate;
              }));
    }
    waitUntil(() -> started.get() == 2);
    Thread.sleep(200); // give a third job every chance to start, which it must not
    assertEquals(2, started.get());
    assertEquals(2, pool.running());
    // Free the slots one by one: each frees exactly one more start.
    for (int i = 0; i < 6; i++) {
      gates.get(i).complete(Done.getInstance());
      results.get(i).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    assertEquals(6, started.get());
    assertEquals(2, pool.peakRunning());
    waitUntil(() -> pool.running() == 0);
  }

  @Test
  void aFailingJobFailsItsOwnSubmissionOnly() throws Exception {
    WorkerPool pool = new WorkerPool(kit.system(), 1, 2);
    CompletionStage<Done> bad =
        pool.submit(() -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
    CompletionStage<Done> thrown =
        pool.submit(
            () -> {
              throw new IllegalStateException("thrown");
            });
    CompletionStage<Done> good =
        pool.submit(() -> CompletableFuture.completedFuture(Done.getInstance()));
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> bad.toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause().getMessage().contains("boom"));
    assertThrows(
        ExecutionException.class, () -> thrown.toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertEquals(Done.getInstance(), good.toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertEquals(1, pool.peakRunning());
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met in time");
      Thread.sleep(10);
    }
  }
}

package io.reel.http;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fixed number of threads and a bounded queue for one kind of CPU-heavy work (password hashing,
 * search), so a flood of it costs at most these threads and never slows the dispatchers that serve
 * everything else. When threads and queue are full, {@link #execute} throws {@link Overloaded}: the
 * request answers 503 with {@code Retry-After} at once instead of waiting in an unbounded queue.
 */
public final class BoundedPool implements Executor, AutoCloseable {

  private final ThreadPoolExecutor pool;

  /**
   * @param what what the work is, for the 503's detail and the threads' names
   */
  public BoundedPool(String what, int threads, int queue, Duration retryAfter) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(Math.max(1, queue)),
            r -> {
              Thread t =
                  new Thread(r, "reel-" + what.replace(' ', '-') + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            (r, executor) -> {
              throw new Overloaded(what, retryAfter);
            });
  }

  /**
   * @throws Overloaded when every thread is busy and the queue is full
   */
  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /** Runs {@code work} on {@code executor}; a full pool is a failed stage (never a throw). */
  public static <T> CompletionStage<T> supply(Executor executor, Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, executor);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}

package io.reel.write.account;

import io.reel.http.Overloaded;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The threads Argon2 runs on, and nothing else: a fixed number of threads and a bounded queue, so a
 * flood of sign-ins, sign-ups or password changes costs at most these threads' CPU and never slows
 * the dispatchers that deliver segments and answer the rest of the API. When both threads and queue
 * are full, {@link #execute} throws {@link Overloaded}: the request answers 503 with {@code
 * Retry-After} at once instead of waiting in an unbounded queue.
 */
public final class HashingPool implements Executor, AutoCloseable {

  /** {@code reel.accounts.argon2.threads} (0 = half the cores, at least 1) and {@code queue}. */
  public record Settings(int threads, int queue, Duration retryAfter) {
    public int effectiveThreads() {
      return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
  }

  private final ThreadPoolExecutor pool;
  private final Duration retryAfter;

  public HashingPool(Settings settings) {
    int threads = settings.effectiveThreads();
    this.retryAfter = settings.retryAfter();
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(Math.max(1, settings.queue())),
            r -> {
              Thread t = new Thread(r, "reel-argon2-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            (r, executor) -> {
              throw new Overloaded("password hashing", retryAfter);
            });
  }

  /** A pool for a node: its threads end with the actor system. */
  public static HashingPool forSystem(ActorSystem<?> system, Settings settings) {
    HashingPool pool = new HashingPool(settings);
    system.getWhenTerminated().thenRun(pool::close);
    return pool;
  }

  /**
   * @throws Overloaded when every thread is busy and the queue is full
   */
  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /** Runs {@code work} here; a full pool is a failed stage (never a synchronous throw). */
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

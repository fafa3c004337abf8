package io.reel.write.account;

import io.reel.http.BoundedPool;
import io.reel.http.Overloaded;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
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

  private final BoundedPool pool;

  public HashingPool(Settings settings) {
    this.pool =
        new BoundedPool(
            "password hashing",
            settings.effectiveThreads(),
            settings.queue(),
            settings.retryAfter());
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
    return BoundedPool.supply(executor, work);
  }

  @Override
  public void close() {
    pool.close();
  }
}

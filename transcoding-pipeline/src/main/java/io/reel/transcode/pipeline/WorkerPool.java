package io.reel.transcode.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;

/**
 * Runs at most {@code maxConcurrent} jobs at once on this node. Jobs go through a bounded,
 * backpressured stream queue into {@code mapAsyncUnordered(maxConcurrent)}: when every slot is busy
 * the queue fills, offers wait, and the projections that submit jobs stop pulling events, so a node
 * never takes more work than it can run.
 */
public final class WorkerPool {

  private record Submitted(Supplier<CompletionStage<Done>> job, CompletableFuture<Done> done) {}

  private final SourceQueueWithComplete<Submitted> queue;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final int maxConcurrent;

  public WorkerPool(ActorSystem<?> system, int maxConcurrent, int queueSize) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("max-concurrent-jobs must be at least 1");
    }
    this.maxConcurrent = maxConcurrent;
    this.queue =
        Source.<Submitted>queue(queueSize, OverflowStrategy.backpressure(), 64)
            .mapAsyncUnordered(maxConcurrent, this::run)
            .to(Sink.ignore())
            .run(system);
    system.getWhenTerminated().thenRun(queue::complete);
  }

  private CompletionStage<Done> run(Submitted s) {
    int now = running.incrementAndGet();
    peak.accumulateAndGet(now, Math::max);
    CompletionStage<Done> result;
    try {
      result = s.job().get();
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.handle(
        (ok, error) -> {
          running.decrementAndGet();
          if (error != null) {
            s.done().completeExceptionally(error);
          } else {
            s.done().complete(Done.getInstance());
          }
          return Done.getInstance(); // one job's failure never stops the pool
        });
  }

  /** Completes when the job has run (or failed); waits for a slot first. */
  public CompletionStage<Done> submit(Supplier<CompletionStage<Done>> job) {
    Submitted s = new Submitted(job, new CompletableFuture<>());
    return queue
        .offer(s)
        .thenCompose(
            result -> {
              if (result instanceof QueueOfferResult.Failure f) {
                return CompletableFuture.failedFuture(f.cause());
              }
              if (result != QueueOfferResult.enqueued()) {
                return CompletableFuture.failedFuture(
                    new IllegalStateException("the worker pool is closed: " + result));
              }
              return s.done();
            });
  }

  public int running() {
    return running.get();
  }

  /** The most jobs that ever ran at once: the benchmark checks it never exceeds the limit. */
  public int peakRunning() {
    return peak.get();
  }

  public int maxConcurrent() {
    return maxConcurrent;
  }
}

package io.reel.http;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

/**
 * A bounded resource (a worker pool, a queue) is full: the request is refused at once instead of
 * queued without bound. {@link ProblemHandlers} answers 503 with {@code Retry-After}. A {@link
 * RejectedExecutionException}, so a bounded {@code Executor} can throw it as its contract says.
 */
public final class Overloaded extends RejectedExecutionException {

  private final transient Duration retryAfter;

  /**
   * @param what what is full, for the client ("password hashing")
   */
  public Overloaded(String what, Duration retryAfter) {
    super(what + " is busy");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** No stack trace: this is a load answer, not a bug. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  /** Whole seconds for {@code Retry-After}, at least 1. */
  public static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }
}

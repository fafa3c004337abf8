package io.reel.testing;

import java.time.Duration;

/**
 * Retries an assertion until it holds or a generous deadline passes. Read models are eventually
 * consistent; the deadline only bounds a hang, it is not a performance goal.
 */
public final class Eventually {

  private Eventually() {}

  public static void assertThat(Duration within, Runnable assertion) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError | RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public static void assertThat(Runnable assertion) {
    assertThat(Duration.ofSeconds(60), assertion);
  }

  /** Retries {@code value} until it returns without throwing; its last failure otherwise. */
  public static <T> T get(java.util.concurrent.Callable<T> value) {
    Object[] out = new Object[1];
    assertThat(
        () -> {
          try {
            out[0] = value.call();
          } catch (RuntimeException | AssertionError e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    @SuppressWarnings("unchecked")
    T t = (T) out[0];
    return t;
  }
}

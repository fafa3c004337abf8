package io.reel.http;

import java.time.Duration;

/**
 * A request body did not arrive in time: no byte for the body idle timeout, or a small body not
 * complete within its deadline (a slow-loris client). {@link ProblemHandlers} answers 408 and the
 * connection is closed (pekko-http closes after an answer sent before the request's end).
 */
public final class BodyTimeout extends RuntimeException {

  public BodyTimeout(String message) {
    super(message, null, false, false);
  }

  static String seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000) + " s";
  }
}

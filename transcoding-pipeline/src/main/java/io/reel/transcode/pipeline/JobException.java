package io.reel.transcode.pipeline;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Why a job stopped: {@link Failed} is recorded on the title, {@link Cancelled} is not. */
abstract class JobException extends RuntimeException {

  JobException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /** The cause that futures wrap: what the job's steps actually threw. */
  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  /** The title goes to failed with this (operator-readable) reason. */
  static final class Failed extends JobException {
    Failed(String reason) {
      super(reason, null);
    }

    Failed(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /** The job was cancelled or superseded while it ran: stop quietly. */
  static final class Cancelled extends JobException {
    Cancelled(String why) {
      super(why, null);
    }
  }
}

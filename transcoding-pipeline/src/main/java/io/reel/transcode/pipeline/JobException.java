package io.reel.transcode.pipeline;

/** Why a job stopped: {@link Failed} is recorded on the title, {@link Cancelled} is not. */
abstract class JobException extends RuntimeException {

  JobException(String message, Throwable cause) {
    super(message, cause, false, false);
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

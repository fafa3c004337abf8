package io.reel.infra;

/** A failure of the local infrastructure whose message is one line meant for a person. */
public final class InfraException extends RuntimeException {
  public InfraException(String message) {
    super(message);
  }

  public InfraException(String message, Throwable cause) {
    super(message, cause);
  }
}

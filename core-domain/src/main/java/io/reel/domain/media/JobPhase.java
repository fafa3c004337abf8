package io.reel.domain.media;

/**
 * Where the transcode job of one source version stands. A packaged job becomes the title's package.
 */
public enum JobPhase {
  /** Stored, waiting for a worker. */
  UPLOADED,
  PROBING,
  TRANSCODING,
  FAILED,
  CANCELLED;

  public boolean active() {
    return this == UPLOADED || this == PROBING || this == TRANSCODING;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

package io.reel.domain.media;

/**
 * A title's playable package and the job for its next one. A replacement source leaves {@code
 * current} untouched until its own package is complete, so the title stays playable meanwhile.
 */
public record TitleMedia(MediaPackage current, MediaJob job) {

  public static final TitleMedia NONE = new TitleMedia(null, null);

  /** The version the next upload gets. */
  public int nextSourceVersion() {
    int latest = 0;
    if (current != null) {
      latest = current.sourceVersion();
    }
    if (job != null) {
      latest = Math.max(latest, job.version());
    }
    return latest + 1;
  }

  /** The job of {@code version} while a worker may still act on it, else null. */
  public MediaJob activeJob(int version) {
    return job != null && job.version() == version && job.phase().active() ? job : null;
  }

  /** The job of {@code version} if {@code attempt} is the attempt running it, else null. */
  public MediaJob activeJob(int version, int attempt) {
    MediaJob j = activeJob(version);
    return j != null && j.attempt() == attempt ? j : null;
  }

  /** "none", the job's phase, or "packaged" once the latest source is packaged. */
  public String status() {
    if (job != null) {
      return job.phase().label();
    }
    return current != null ? "packaged" : "none";
  }

  /**
   * A complete package exists. Publishing (catalog visibility) does not require it, since imported
   * catalog entries have no media yet; playback does.
   */
  public boolean playable() {
    return current != null;
  }

  public TitleMedia withJob(MediaJob j) {
    return new TitleMedia(current, j);
  }

  public TitleMedia packaged(MediaPackage p) {
    return new TitleMedia(p, null);
  }
}

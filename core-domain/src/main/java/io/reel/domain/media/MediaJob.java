package io.reel.domain.media;

import java.time.Instant;
import java.util.List;

/**
 * The transcode job of the latest source version that is not packaged yet.
 *
 * @param attempt how many times a worker started it (a restart after a crash counts again)
 * @param ladder the planned renditions, known once probing is done
 * @param etaSeconds null until the transcoder has reported enough progress to estimate
 * @param failure the reason, when {@code phase} is FAILED
 * @param stderrKey the object key of ffmpeg's kept stderr, when there is one
 */
public record MediaJob(
    SourceFile source,
    JobPhase phase,
    int attempt,
    String worker,
    double durationSeconds,
    List<Rendition> ladder,
    double percent,
    Long etaSeconds,
    String failure,
    String stderrKey,
    Instant updatedAt) {

  public MediaJob {
    ladder = ladder == null ? List.of() : List.copyOf(ladder);
  }

  public static MediaJob uploaded(SourceFile source) {
    return new MediaJob(
        source, JobPhase.UPLOADED, 0, null, 0, List.of(), 0, null, null, null, source.uploadedAt());
  }

  public int version() {
    return source.version();
  }

  public MediaJob started(int attemptNo, String byWorker, Instant at) {
    return new MediaJob(
        source, JobPhase.PROBING, attemptNo, byWorker, 0, List.of(), 0, null, null, null, at);
  }

  public MediaJob probed(double duration, List<Rendition> planned, Instant at) {
    return new MediaJob(
        source, JobPhase.TRANSCODING, attempt, worker, duration, planned, 0, null, null, null, at);
  }

  public MediaJob progressed(double pct, Long eta, Instant at) {
    return new MediaJob(
        source, phase, attempt, worker, durationSeconds, ladder, pct, eta, null, null, at);
  }

  public MediaJob failed(String reason, String stderr, Instant at) {
    return new MediaJob(
        source,
        JobPhase.FAILED,
        attempt,
        worker,
        durationSeconds,
        ladder,
        percent,
        null,
        reason,
        stderr,
        at);
  }

  public MediaJob cancelled(Instant at) {
    return new MediaJob(
        source,
        JobPhase.CANCELLED,
        attempt,
        worker,
        durationSeconds,
        ladder,
        percent,
        null,
        null,
        null,
        at);
  }
}

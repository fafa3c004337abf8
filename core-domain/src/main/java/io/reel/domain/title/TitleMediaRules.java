package io.reel.domain.title;

import io.reel.domain.Decision;
import io.reel.domain.media.MediaJob;
import io.reel.domain.media.MediaPackage;
import io.reel.domain.media.SourceFile;
import io.reel.domain.media.TitleMedia;
import java.time.Instant;

/**
 * The media part of the title aggregate: source uploaded, probing, transcoding (with progress),
 * packaged, failed or cancelled. Worker commands for a version and attempt that are not the active
 * job are accepted with no events: jobs are keyed by title id + source version, and each start is a
 * new attempt, so a redelivered event or a stale worker can never move a title backwards, fail a
 * newer attempt or package the wrong version.
 */
final class TitleMediaRules {

  /** A job whose worker died this many times is failed rather than started again. */
  static final int MAX_ATTEMPTS = 3;

  private TitleMediaRules() {}

  static boolean isMediaEvent(TitleEvent e) {
    return e instanceof TitleEvent.SourceUploaded
        || e instanceof TitleEvent.TranscodeStarted
        || e instanceof TitleEvent.SourceProbed
        || e instanceof TitleEvent.TranscodeProgressed
        || e instanceof TitleEvent.MediaPackaged
        || e instanceof TitleEvent.TranscodeFailed
        || e instanceof TitleEvent.TranscodeCancelled;
  }

  static Decision<TitleEvent> decide(
      TitleId id, TitleMedia media, TitleCommand command, Instant now) {
    if (command instanceof TitleCommand.AttachSource c) {
      if (c.objectKey() == null || c.objectKey().isBlank() || c.sizeBytes() <= 0) {
        return Decision.reject(Rejection.invalid(java.util.List.of("source file is empty")));
      }
      SourceFile source =
          new SourceFile(
              media.nextSourceVersion(),
              c.objectKey(),
              c.sha256(),
              c.sizeBytes(),
              c.fileName(),
              now);
      return Decision.accept(new TitleEvent.SourceUploaded(id, source, now));
    }
    if (command instanceof TitleCommand.CancelTranscode) {
      MediaJob job = media.job();
      return job != null && job.phase().active()
          ? Decision.accept(new TitleEvent.TranscodeCancelled(id, job.version(), now))
          : Decision.accept();
    }
    if (command instanceof TitleCommand.StartTranscode c) {
      MediaJob job = media.activeJob(c.sourceVersion());
      if (job != null && job.attempt() >= MAX_ATTEMPTS) {
        return Decision.accept(
            new TitleEvent.TranscodeFailed(
                id,
                c.sourceVersion(),
                "gave up after " + job.attempt() + " attempts: the worker stopped each time",
                job.stderrKey(),
                now));
      }
      return job == null
          ? Decision.accept()
          : Decision.accept(
              new TitleEvent.TranscodeStarted(
                  id, c.sourceVersion(), job.attempt() + 1, c.worker(), now));
    }
    if (command instanceof TitleCommand.RecordProbe c) {
      return media.activeJob(c.sourceVersion(), c.attempt()) == null
          ? Decision.accept()
          : Decision.accept(
              new TitleEvent.SourceProbed(
                  id, c.sourceVersion(), c.durationSeconds(), c.ladder(), now));
    }
    if (command instanceof TitleCommand.RecordProgress c) {
      MediaJob job = media.activeJob(c.sourceVersion(), c.attempt());
      if (job == null || c.percent() <= job.percent()) {
        return Decision.accept();
      }
      double pct = Math.min(100.0, c.percent());
      return Decision.accept(
          new TitleEvent.TranscodeProgressed(id, c.sourceVersion(), pct, c.etaSeconds(), now));
    }
    if (command instanceof TitleCommand.CompletePackage c) {
      MediaPackage p = c.media();
      return media.activeJob(p.sourceVersion(), c.attempt()) == null
          ? Decision.accept()
          : Decision.accept(new TitleEvent.MediaPackaged(id, p, now));
    }
    if (command instanceof TitleCommand.FailTranscode c) {
      return media.activeJob(c.sourceVersion(), c.attempt()) == null
          ? Decision.accept()
          : Decision.accept(
              new TitleEvent.TranscodeFailed(
                  id, c.sourceVersion(), c.reason(), c.stderrKey(), now));
    }
    throw new IllegalArgumentException("not a media command: " + command);
  }

  static TitleMedia evolve(TitleMedia media, TitleEvent event) {
    if (event instanceof TitleEvent.SourceUploaded e) {
      // A replacement supersedes any unfinished job; the current package stays playable.
      return media.withJob(MediaJob.uploaded(e.source()));
    }
    MediaJob job = media.job();
    if (event instanceof TitleEvent.MediaPackaged e) {
      return job != null && job.version() == e.media().sourceVersion()
          ? media.packaged(e.media())
          : media;
    }
    if (job == null) {
      return media;
    }
    if (event instanceof TitleEvent.TranscodeStarted e && job.version() == e.sourceVersion()) {
      return media.withJob(job.started(e.attempt(), e.worker(), e.occurredAt()));
    }
    if (event instanceof TitleEvent.SourceProbed e && job.version() == e.sourceVersion()) {
      return media.withJob(job.probed(e.durationSeconds(), e.ladder(), e.occurredAt()));
    }
    if (event instanceof TitleEvent.TranscodeProgressed e && job.version() == e.sourceVersion()) {
      return media.withJob(job.progressed(e.percent(), e.etaSeconds(), e.occurredAt()));
    }
    if (event instanceof TitleEvent.TranscodeFailed e && job.version() == e.sourceVersion()) {
      return media.withJob(job.failed(e.reason(), e.stderrKey(), e.occurredAt()));
    }
    if (event instanceof TitleEvent.TranscodeCancelled e && job.version() == e.sourceVersion()) {
      return media.withJob(job.cancelled(e.occurredAt()));
    }
    return media;
  }
}

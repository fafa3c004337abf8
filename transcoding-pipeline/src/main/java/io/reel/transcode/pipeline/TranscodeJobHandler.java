package io.reel.transcode.pipeline;

import io.reel.domain.title.TitleEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Turns {@code SourceUploaded} events into transcode jobs and completes only when the job has run,
 * so the projection's offset passes an upload only after its job ended: a node that dies mid-job
 * has the event delivered again (here or on another transcode node) and the job starts again. A
 * redelivered event for a job that already ended is a no-op: the title entity keys jobs by title id
 * + source version and {@link TranscodeJob} asks it first.
 */
public final class TranscodeJobHandler extends Handler<EventEnvelope<TitleEvent>> {

  private final WorkerPool pool;
  private final TranscodeJob.Factory jobs;

  public TranscodeJobHandler(WorkerPool pool, TranscodeJob.Factory jobs) {
    this.pool = pool;
    this.jobs = jobs;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<TitleEvent> envelope) {
    if (envelope.event() instanceof TitleEvent.SourceUploaded e) {
      return pool.submit(() -> jobs.create(e.titleId(), e.source().version()).run());
    }
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}

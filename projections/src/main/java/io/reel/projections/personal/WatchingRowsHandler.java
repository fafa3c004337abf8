package io.reel.projections.personal;

import io.reel.domain.playback.Playback;
import io.reel.domain.playback.PlaybackEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Playback events into what each profile watched: the latest position of each title, and whether it
 * is finished ({@link Playback#WATCHED_FRACTION} of its duration). Saved positions (every {@code
 * save-position-every} while playing) and the end of a session move a title on, so it shows in
 * continue watching from the first saved position.
 */
public final class WatchingRowsHandler extends Handler<EventEnvelope<PlaybackEvent>> {

  private final ProfileRowsStore store;

  public WatchingRowsHandler(ProfileRowsStore store) {
    this.store = store;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<PlaybackEvent> envelope) {
    PlaybackEvent event = envelope.event();
    CompletionStage<?> write;
    if (event instanceof PlaybackEvent.PositionSaved e) {
      write =
          watched(
              e.accountId(),
              e.profileId(),
              e.titleId(),
              e.positionSeconds(),
              e.durationSeconds(),
              e,
              envelope.sequenceNr());
    } else if (event instanceof PlaybackEvent.SessionEnded e) {
      write =
          watched(
              e.accountId(),
              e.profileId(),
              e.titleId(),
              e.positionSeconds(),
              e.durationSeconds(),
              e,
              envelope.sequenceNr());
    } else {
      write = CompletableFuture.completedFuture(null);
    }
    return write.thenApply(r -> Done.getInstance());
  }

  private CompletionStage<?> watched(
      String account,
      String profile,
      String title,
      double position,
      double duration,
      PlaybackEvent event,
      long ts) {
    boolean finished = duration > 0 && position >= duration * Playback.WATCHED_FRACTION;
    return store.watched(
        account, profile, title, position, duration, finished, event.occurredAt(), ts);
  }
}

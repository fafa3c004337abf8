package io.reel.domain.playback;

import io.reel.domain.title.Rejection;
import java.util.List;

/** The outcome of {@link Playback#decide}: events to persist (possibly none), or a rejection. */
public sealed interface PlaybackDecision {

  record Accepted(List<PlaybackEvent> events) implements PlaybackDecision {
    public Accepted {
      events = List.copyOf(events);
    }
  }

  record Rejected(Rejection rejection) implements PlaybackDecision {}
}

package io.reel.projections.personal;

import io.reel.domain.personal.PersonalEvent;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/** Personal events into My List, the ratings and the row and history removals of a profile. */
public final class PersonalRowsHandler extends Handler<EventEnvelope<PersonalEvent>> {

  private final ProfileRowsStore store;

  public PersonalRowsHandler(ProfileRowsStore store) {
    this.store = store;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<PersonalEvent> envelope) {
    PersonalEvent event = envelope.event();
    String a = event.accountId();
    String p = event.profileId();
    String t = event.titleId();
    long ts = envelope.sequenceNr();
    CompletionStage<?> write;
    if (event instanceof PersonalEvent.Listed e) {
      write = store.listed(a, p, t, e.occurredAt(), ts);
    } else if (event instanceof PersonalEvent.Unlisted) {
      write = store.unlisted(a, p, t, ts);
    } else if (event instanceof PersonalEvent.Rated e) {
      write = store.rated(a, p, t, e.rating().wire(), e.occurredAt(), ts);
    } else if (event instanceof PersonalEvent.Unrated) {
      write = store.unrated(a, p, t, ts);
    } else if (event instanceof PersonalEvent.RowDismissed e) {
      write = store.dismissed(a, p, t, e.occurredAt(), ts);
    } else {
      write = store.historyDeleted(a, p, t, event.occurredAt(), ts);
    }
    return write.thenApply(r -> Done.getInstance());
  }
}

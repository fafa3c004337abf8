package io.reel.domain.title;

import io.reel.domain.Decision;
import io.reel.domain.media.TitleMedia;
import io.reel.domain.title.TitleCommand.Create;
import io.reel.domain.title.TitleCommand.Get;
import io.reel.domain.title.TitleCommand.Import;
import io.reel.domain.title.TitleCommand.Publish;
import io.reel.domain.title.TitleCommand.Retire;
import io.reel.domain.title.TitleCommand.Unpublish;
import io.reel.domain.title.TitleCommand.UpdateMetadata;
import io.reel.domain.title.TitleState.Draft;
import io.reel.domain.title.TitleState.Empty;
import io.reel.domain.title.TitleState.Live;
import io.reel.domain.title.TitleState.Retired;
import java.time.Instant;
import java.util.List;

/**
 * The title aggregate's rules as pure functions. Commands that would change nothing are accepted
 * with no events, so retries are harmless. (Java 17: no pattern switch, hence instanceof chains.)
 */
public final class Title {

  private Title() {}

  public static Decision<TitleEvent> decide(
      TitleId id, TitleState state, TitleCommand command, Instant now) {
    if (command instanceof Get) {
      return Decision.accept();
    }
    if (command instanceof Create c) {
      return onCreate(id, state, c, now);
    }
    if (command instanceof Import c) {
      return onImport(id, state, c, now);
    }
    // Everything below needs an existing, non-retired title (retire is idempotent).
    if (state instanceof Empty) {
      return Decision.reject(Rejection.notFound(id));
    }
    if (state instanceof Retired) {
      return command instanceof Retire
          ? Decision.accept()
          : Decision.reject(Rejection.conflict("title " + id + " is retired"));
    }
    if (isMediaCommand(command)) {
      return TitleMediaRules.decide(id, mediaOf(state), command, now);
    }
    if (command instanceof UpdateMetadata c) {
      List<String> violations = c.metadata().violations();
      if (!violations.isEmpty()) {
        return Decision.reject(Rejection.invalid(violations));
      }
      return metadataOf(state).equals(c.metadata())
          ? Decision.accept()
          : Decision.accept(new TitleEvent.MetadataUpdated(id, c.metadata(), now));
    }
    if (command instanceof Publish) {
      return state instanceof Draft d
          ? Decision.accept(new TitleEvent.Published(id, d.metadata(), now))
          : Decision.accept();
    }
    if (command instanceof Unpublish) {
      return state instanceof Live
          ? Decision.accept(new TitleEvent.Unpublished(id, now))
          : Decision.accept();
    }
    if (command instanceof Retire) {
      return Decision.accept(new TitleEvent.Retired(id, now));
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  private static Decision<TitleEvent> onCreate(
      TitleId id, TitleState state, Create c, Instant now) {
    if (!(state instanceof Empty)) {
      return Decision.reject(Rejection.conflict("title " + id + " already exists"));
    }
    List<String> violations = c.metadata().violations();
    if (!violations.isEmpty()) {
      return Decision.reject(Rejection.invalid(violations));
    }
    return Decision.accept(new TitleEvent.Created(id, c.metadata(), null, now));
  }

  private static Decision<TitleEvent> onImport(
      TitleId id, TitleState state, Import c, Instant now) {
    List<String> violations = c.metadata().violations();
    if (!violations.isEmpty()) {
      return Decision.reject(Rejection.invalid(violations));
    }
    if (state instanceof Empty) {
      return Decision.accept(
          new TitleEvent.Created(id, c.metadata(), c.importKey(), now),
          new TitleEvent.Published(id, c.metadata(), now));
    }
    if (state instanceof Retired) {
      // An operator retired it: a re-import must not bring it back.
      return Decision.accept();
    }
    return metadataOf(state).equals(c.metadata())
        ? Decision.accept()
        : Decision.accept(new TitleEvent.MetadataUpdated(id, c.metadata(), now));
  }

  private static boolean isMediaCommand(TitleCommand c) {
    return c instanceof TitleCommand.AttachSource
        || c instanceof TitleCommand.StartTranscode
        || c instanceof TitleCommand.RecordProbe
        || c instanceof TitleCommand.RecordProgress
        || c instanceof TitleCommand.CompletePackage
        || c instanceof TitleCommand.FailTranscode
        || c instanceof TitleCommand.CancelTranscode;
  }

  /** The media of a created title; {@link TitleMedia#NONE} for other states. */
  public static TitleMedia mediaOf(TitleState state) {
    if (state instanceof Draft d) {
      return d.media();
    }
    if (state instanceof Live l) {
      return l.media();
    }
    return TitleMedia.NONE;
  }

  /** The metadata of a created title; null for {@link Empty}. */
  public static TitleMetadata metadataOf(TitleState state) {
    if (state instanceof Draft d) {
      return d.metadata();
    }
    if (state instanceof Live l) {
      return l.metadata();
    }
    if (state instanceof Retired r) {
      return r.metadata();
    }
    return null;
  }

  public static TitleState evolve(TitleState state, TitleEvent event) {
    if (event instanceof TitleEvent.Created e) {
      return new Draft(
          e.titleId(), e.metadata(), e.importKey(), e.occurredAt(), e.occurredAt(), null);
    }
    if (TitleMediaRules.isMediaEvent(event)) {
      TitleMedia next = TitleMediaRules.evolve(mediaOf(state), event);
      if (state instanceof Draft d) {
        return new Draft(
            d.titleId(), d.metadata(), d.importKey(), d.createdAt(), d.updatedAt(), next);
      }
      if (state instanceof Live l) {
        return new Live(
            l.titleId(),
            l.metadata(),
            l.importKey(),
            l.createdAt(),
            l.updatedAt(),
            l.publishedAt(),
            next);
      }
      return state;
    }
    if (event instanceof TitleEvent.MetadataUpdated e) {
      if (state instanceof Draft d) {
        return new Draft(
            d.titleId(), e.metadata(), d.importKey(), d.createdAt(), e.occurredAt(), d.media());
      }
      if (state instanceof Live l) {
        return new Live(
            l.titleId(),
            e.metadata(),
            l.importKey(),
            l.createdAt(),
            e.occurredAt(),
            l.publishedAt(),
            l.media());
      }
      return state;
    }
    if (event instanceof TitleEvent.Published e && state instanceof Draft d) {
      return new Live(
          d.titleId(),
          d.metadata(),
          d.importKey(),
          d.createdAt(),
          d.updatedAt(),
          e.occurredAt(),
          d.media());
    }
    if (event instanceof TitleEvent.Unpublished e && state instanceof Live l) {
      return new Draft(
          l.titleId(), l.metadata(), l.importKey(), l.createdAt(), e.occurredAt(), l.media());
    }
    if (event instanceof TitleEvent.Retired e) {
      if (state instanceof Draft d) {
        return new Retired(d.titleId(), d.metadata(), d.createdAt(), e.occurredAt());
      }
      if (state instanceof Live l) {
        return new Retired(l.titleId(), l.metadata(), l.createdAt(), e.occurredAt());
      }
    }
    return state;
  }

  /** A fold of {@link #evolve} over events, from nothing. */
  public static TitleState replay(List<TitleEvent> events) {
    TitleState state = TitleState.EMPTY;
    for (TitleEvent e : events) {
      state = evolve(state, e);
    }
    return state;
  }
}

package io.reel.domain.personal;

import io.reel.domain.Decision;
import io.reel.domain.personal.PersonalState.Listing;
import io.reel.domain.title.Rejection;
import io.reel.domain.title.TitleId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure decide/evolve for one profile's list and ratings. Adds and removes are idempotent: adding a
 * listed title or removing an unlisted one changes nothing and succeeds, so a client may retry.
 */
public final class Personal {

  /** The most titles a list holds: a list is a shortlist, not a catalog. */
  public static final int MAX_LIST = 500;

  /** The most titles a profile rates; bounds the entity's state. */
  public static final int MAX_RATINGS = 10_000;

  private static final int MAX_ID = 64;

  private Personal() {}

  public static Decision<PersonalEvent> decide(
      String accountId, String profileId, PersonalState state, PersonalCommand command) {
    if (command instanceof PersonalCommand.Get) {
      return Decision.accept();
    }
    String titleId = titleOf(command);
    // One written form per title ("42", never "0042"): the id is a key of the read models.
    if (TitleId.parse(titleId).filter(id -> id.asString().equals(titleId)).isEmpty()) {
      return Decision.reject(invalid("titleId must be a title id"));
    }
    if (command instanceof PersonalCommand.Add c) {
      if (state.listed(titleId)) {
        return Decision.accept();
      }
      if (c.addId() == null || c.addId().isBlank() || c.addId().length() > MAX_ID) {
        return Decision.reject(invalid("addId must be 1.." + MAX_ID + " characters"));
      }
      if (state.list().size() >= MAX_LIST) {
        return Decision.reject(
            Rejection.conflict("the list is full (" + MAX_LIST + " titles): remove one first"));
      }
      return Decision.accept(
          new PersonalEvent.Listed(accountId, profileId, titleId, c.addId(), c.now()));
    }
    if (command instanceof PersonalCommand.Remove c) {
      Listing listing = state.list().get(titleId);
      if (listing == null) {
        return Decision.accept();
      }
      return Decision.accept(
          new PersonalEvent.Unlisted(
              accountId, profileId, titleId, List.copyOf(listing.addIds()), c.now()));
    }
    if (command instanceof PersonalCommand.Rate c) {
      if (c.rating() == null) {
        return Decision.reject(invalid("rating must be down, up or love"));
      }
      Rating now = state.ratings().get(titleId);
      if (now == c.rating()) {
        return Decision.accept();
      }
      if (now == null && state.ratings().size() >= MAX_RATINGS) {
        return Decision.reject(
            Rejection.conflict("the profile has rated " + MAX_RATINGS + " titles"));
      }
      return Decision.accept(
          new PersonalEvent.Rated(accountId, profileId, titleId, c.rating(), c.now()));
    }
    if (command instanceof PersonalCommand.Unrate c) {
      return state.ratings().containsKey(titleId)
          ? Decision.accept(new PersonalEvent.Unrated(accountId, profileId, titleId, c.now()))
          : Decision.accept();
    }
    if (command instanceof PersonalCommand.Dismiss c) {
      return Decision.accept(
          new PersonalEvent.RowDismissed(accountId, profileId, titleId, c.now()));
    }
    PersonalCommand.DeleteHistory c = (PersonalCommand.DeleteHistory) command;
    return Decision.accept(
        new PersonalEvent.HistoryDeleted(accountId, profileId, titleId, c.now()));
  }

  public static PersonalState evolve(PersonalState state, PersonalEvent event) {
    if (event instanceof PersonalEvent.Listed e) {
      Map<String, Listing> list = new HashMap<>(state.list());
      Listing was = list.get(e.titleId());
      Set<String> ids = new HashSet<>(was == null ? Set.of() : was.addIds());
      ids.add(e.addId());
      list.put(e.titleId(), new Listing(ids, e.occurredAt()));
      return new PersonalState(list, state.ratings());
    }
    if (event instanceof PersonalEvent.Unlisted e) {
      Listing was = state.list().get(e.titleId());
      if (was == null) {
        return state;
      }
      Map<String, Listing> list = new HashMap<>(state.list());
      Set<String> ids = new HashSet<>(was.addIds());
      ids.removeAll(e.addIds());
      if (ids.isEmpty()) {
        list.remove(e.titleId());
      } else {
        list.put(e.titleId(), new Listing(ids, was.addedAt()));
      }
      return new PersonalState(list, state.ratings());
    }
    if (event instanceof PersonalEvent.Rated e) {
      Map<String, Rating> ratings = new HashMap<>(state.ratings());
      ratings.put(e.titleId(), e.rating());
      return new PersonalState(state.list(), ratings);
    }
    if (event instanceof PersonalEvent.Unrated e) {
      Map<String, Rating> ratings = new HashMap<>(state.ratings());
      ratings.remove(e.titleId());
      return new PersonalState(state.list(), ratings);
    }
    // RowDismissed and HistoryDeleted shape read models only.
    return state;
  }

  private static String titleOf(PersonalCommand command) {
    if (command instanceof PersonalCommand.Add c) {
      return c.titleId();
    }
    if (command instanceof PersonalCommand.Remove c) {
      return c.titleId();
    }
    if (command instanceof PersonalCommand.Rate c) {
      return c.titleId();
    }
    if (command instanceof PersonalCommand.Unrate c) {
      return c.titleId();
    }
    if (command instanceof PersonalCommand.Dismiss c) {
      return c.titleId();
    }
    return ((PersonalCommand.DeleteHistory) command).titleId();
  }

  private static Rejection invalid(String detail) {
    return new Rejection(Rejection.Kind.INVALID, "the request is invalid", List.of(detail));
  }
}

package io.reel.domain.personal;

import io.reel.domain.CborSerializable;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One profile's list and ratings.
 *
 * @param list the listed titles by title id: the add ids that are still live (an observed-remove
 *     set) and when the title was first added among them
 * @param ratings the current rating of each rated title
 */
public record PersonalState(Map<String, Listing> list, Map<String, Rating> ratings)
    implements CborSerializable {

  public static final PersonalState EMPTY = new PersonalState(Map.of(), Map.of());

  public PersonalState {
    list = list == null ? Map.of() : Map.copyOf(list);
    ratings = ratings == null ? Map.of() : Map.copyOf(ratings);
  }

  public boolean listed(String titleId) {
    return list.containsKey(titleId);
  }

  /** A listed title: the live add ids and the time of the latest of them. */
  public record Listing(Set<String> addIds, Instant addedAt) implements CborSerializable {
    public Listing {
      addIds = Set.copyOf(addIds);
    }
  }
}

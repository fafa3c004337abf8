package io.reel.recommend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One viewer's interactions with one title folded into one signal: a title played, listed and rated
 * is one title, not three.
 *
 * @param item the title
 * @param weight taste: the latest rating if it is a thumbs-down (negative), otherwise the strongest
 *     kind seen
 * @param demand the strongest demand any of the interactions carries
 * @param at the latest interaction
 */
record Preference(String item, double weight, double demand, Instant at) {

  /** Folds interactions (of one viewer) per title, in item id order. */
  static List<Preference> fold(Collection<Interaction> interactions) {
    Map<String, Fold> byItem = new TreeMap<>();
    for (Interaction i : interactions) {
      byItem.computeIfAbsent(i.item(), k -> new Fold()).add(i);
    }
    List<Preference> out = new ArrayList<>(byItem.size());
    byItem.forEach((item, f) -> out.add(f.toPreference(item)));
    return out;
  }

  /** The latest first, ties by item id: which titles a capped history keeps. */
  static final Comparator<Preference> LATEST_FIRST =
      Comparator.comparing(Preference::at).reversed().thenComparing(Preference::item);

  private static final class Fold {
    private double implicit;
    private Interaction.Kind rating;
    private Instant ratedAt;
    private double demand;
    private Instant last;

    void add(Interaction i) {
      Interaction.Kind kind = i.kind();
      if (kind.isRating()) {
        // The latest rating stands; on a tie the less favourable one, so a thumbs-down is kept.
        if (rating == null
            || i.at().isAfter(ratedAt)
            || (i.at().equals(ratedAt) && kind.preference() < rating.preference())) {
          rating = kind;
          ratedAt = i.at();
        }
      } else {
        implicit = Math.max(implicit, kind.preference());
      }
      demand = Math.max(demand, kind.demand());
      last = last == null || i.at().isAfter(last) ? i.at() : last;
    }

    Preference toPreference(String item) {
      double weight;
      if (rating != null && rating.preference() < 0) {
        weight = rating.preference();
      } else {
        weight = Math.max(implicit, rating == null ? 0 : rating.preference());
      }
      return new Preference(item, weight, demand, last);
    }
  }
}

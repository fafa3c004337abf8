package io.reel.recommend.eval;

import io.reel.recommend.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** What Reel's model must beat: the same row filled without knowing the viewer. */
public final class Baselines {

  private Baselines() {}

  /**
   * Titles drawn uniformly from those in training, from a generator seeded with the seed and the
   * viewer's id: the same answer in any run and any order of viewers.
   */
  public static Method random(long seed) {
    return new Method() {
      @Override
      public String name() {
        return "random";
      }

      @Override
      public Ranker fit(List<Interaction> training, Instant at) {
        TreeSet<String> sorted = new TreeSet<>();
        training.forEach(i -> sorted.add(i.item()));
        List<String> items = List.copyOf(sorted);
        return (user, history, k, allowed) -> {
          Random random = new Random(seed * 31 + user.hashCode());
          Set<String> picked = new LinkedHashSet<>();
          for (int tries = 0; picked.size() < k && tries < 100 * k + items.size(); tries++) {
            String item = items.get(random.nextInt(items.size()));
            if (allowed.test(item)) {
              picked.add(item);
            }
          }
          return List.copyOf(picked);
        };
      }
    };
  }

  /** The titles the most viewers watched in all of training. */
  public static Method mostPopular() {
    return popular("most popular, all time", Duration.ZERO);
  }

  /** The titles the most viewers watched in the {@code window} before the split. */
  public static Method mostPopularRecent(Duration window) {
    return popular("most popular, " + window.toDays() + " days before", window);
  }

  /**
   * Counts distinct viewers per title (a rating that maps to a watch and a thumbs is one viewer),
   * ties by title id. {@code window} zero: all of training.
   */
  private static Method popular(String name, Duration window) {
    return new Method() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Ranker fit(List<Interaction> training, Instant at) {
        Instant from = window.isZero() ? Instant.MIN : at.minus(window);
        Map<String, Set<String>> viewers = new HashMap<>();
        for (Interaction i : training) {
          if (!i.at().isBefore(from) && i.at().isBefore(at)) {
            viewers.computeIfAbsent(i.item(), x -> new HashSet<>()).add(i.user());
          }
        }
        List<String> ranking = new ArrayList<>(viewers.keySet());
        ranking.sort(
            Comparator.<String>comparingInt(item -> -viewers.get(item).size())
                .thenComparing(Comparator.naturalOrder()));
        return (user, history, k, allowed) -> {
          List<String> row = new ArrayList<>(k);
          for (String item : ranking) {
            if (row.size() == k) {
              break;
            }
            if (allowed.test(item)) {
              row.add(item);
            }
          }
          return row;
        };
      }
    };
  }
}

package io.reel.recommend.eval;

import io.reel.recommend.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A time-based split, the way a recommender meets the future: train on everything before {@code
 * at}, then ask, for each viewer with enough history, which titles they watch in {@code [at, end)}.
 * Nothing of the future reaches training (unlike a random split, which lets a model learn next
 * month's hits from next month).
 *
 * @param at the split: training is every interaction strictly before it
 * @param end the end of the evaluation window (exclusive)
 * @param training every interaction before {@code at}, of every viewer
 * @param histories the training interactions of each evaluated viewer
 * @param heldOut for each evaluated viewer, the titles they interacted with in {@code [at, end)}
 *     and not before: what a good row would have shown them
 */
public record TimeSplit(
    Instant at,
    Instant end,
    List<Interaction> training,
    SortedMap<String, List<Interaction>> histories,
    SortedMap<String, Set<String>> heldOut) {

  /** The instant below which a fraction {@code q} of {@code instants} lie. */
  public static Instant quantile(Collection<Instant> instants, double q) {
    long[] times = instants.stream().mapToLong(Instant::getEpochSecond).sorted().toArray();
    if (times.length == 0) {
      throw new IllegalArgumentException("no instants");
    }
    int rank = (int) Math.min(times.length - 1, Math.max(0, Math.floor(q * times.length)));
    return Instant.ofEpochSecond(times[rank]);
  }

  /**
   * Just after the latest interaction: the end of a window that holds everything from {@code at}.
   */
  public static Instant after(Collection<Interaction> all) {
    return all.stream().map(Interaction::at).max(Instant::compareTo).orElseThrow().plusSeconds(1);
  }

  /**
   * @param minHistory titles a viewer must have before {@code at} to be evaluated ("enough
   *     history")
   */
  public static TimeSplit of(Collection<Interaction> all, Instant at, Instant end, int minHistory) {
    List<Interaction> training = new ArrayList<>();
    Map<String, List<Interaction>> byUser = new HashMap<>();
    Map<String, Set<String>> future = new HashMap<>();
    for (Interaction i : all) {
      if (i.at().isBefore(at)) {
        training.add(i);
        byUser.computeIfAbsent(i.user(), u -> new ArrayList<>()).add(i);
      } else if (i.at().isBefore(end)) {
        future.computeIfAbsent(i.user(), u -> new HashSet<>()).add(i.item());
      }
    }
    SortedMap<String, List<Interaction>> histories = new TreeMap<>();
    SortedMap<String, Set<String>> heldOut = new TreeMap<>();
    for (var e : future.entrySet()) {
      List<Interaction> history = byUser.getOrDefault(e.getKey(), List.of());
      Set<String> seen = new HashSet<>();
      history.forEach(i -> seen.add(i.item()));
      Set<String> targets = new TreeSet<>(e.getValue());
      targets.removeAll(seen);
      if (seen.size() >= minHistory && !targets.isEmpty()) {
        histories.put(e.getKey(), List.copyOf(history));
        heldOut.put(e.getKey(), Collections.unmodifiableSet(targets));
      }
    }
    return new TimeSplit(
        at,
        end,
        List.copyOf(training),
        Collections.unmodifiableSortedMap(histories),
        Collections.unmodifiableSortedMap(heldOut));
  }

  public Duration window() {
    return Duration.between(at, end);
  }

  /** Distinct titles in training: the denominator of catalog coverage. */
  public Set<String> trainingItems() {
    Set<String> items = new HashSet<>();
    training.forEach(i -> items.add(i.item()));
    return items;
  }

  public int heldOutCount() {
    return heldOut.values().stream().mapToInt(Set::size).sum();
  }
}

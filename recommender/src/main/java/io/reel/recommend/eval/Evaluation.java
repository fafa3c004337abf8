package io.reel.recommend.eval;

import io.reel.recommend.Interaction;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts one method to a split: trains it (timed), asks it for a row of {@link #K} for every
 * evaluated viewer, with the titles already in their training history excluded for every method,
 * and measures the rows against what the viewers watched after the split.
 */
public final class Evaluation {

  /** The row length measured: a home-screen row. */
  public static final int K = 10;

  private Evaluation() {}

  /**
   * @param coverage distinct titles in any row / distinct titles in training
   * @param training wall-clock time of {@link Method#fit}
   */
  public record Result(
      String method, int users, double hitRate, double ndcg, double coverage, Duration training) {}

  /** The quality part of a result. */
  public record Quality(int users, double hitRate, double ndcg, double coverage) {}

  public static Result run(Method method, TimeSplit split) {
    long started = System.nanoTime();
    Method.Ranker ranker = method.fit(split.training(), split.at());
    Duration training = Duration.ofNanos(System.nanoTime() - started);
    Quality q = measure(ranker, split);
    return new Result(method.name(), q.users(), q.hitRate(), q.ndcg(), q.coverage(), training);
  }

  public static Quality measure(Method.Ranker ranker, TimeSplit split) {
    Set<String> recommended = new HashSet<>();
    int hits = 0;
    double ndcg = 0;
    for (var e : split.heldOut().entrySet()) {
      String user = e.getKey();
      List<Interaction> history = split.histories().get(user);
      Set<String> seen = new HashSet<>();
      history.forEach(i -> seen.add(i.item()));
      List<String> row = ranker.rank(user, history, K, item -> !seen.contains(item));
      check(row, seen, user);
      recommended.addAll(row);
      hits += Metrics.hit(row, e.getValue(), K) ? 1 : 0;
      ndcg += Metrics.ndcg(row, e.getValue(), K);
    }
    int users = split.heldOut().size();
    double coverage = (double) recommended.size() / Math.max(1, split.trainingItems().size());
    return new Quality(
        users, users == 0 ? 0 : (double) hits / users, users == 0 ? 0 : ndcg / users, coverage);
  }

  /** A method that breaks the rules would get figures it did not earn. */
  private static void check(List<String> row, Set<String> seen, String user) {
    if (row.size() > K || new HashSet<>(row).size() != row.size()) {
      throw new IllegalStateException("row for " + user + " is too long or repeats: " + row);
    }
    for (String item : row) {
      if (seen.contains(item)) {
        throw new IllegalStateException("row for " + user + " holds a title already seen: " + item);
      }
    }
  }
}

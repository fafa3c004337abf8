package io.reel.recommend.eval;

import java.util.List;
import java.util.Set;

/**
 * Ranking metrics with binary relevance: a held-out title is relevant, anything else is not.
 *
 * <ul>
 *   <li>hit rate at k: 1 when any of the first k titles is relevant (averaged over viewers: the
 *       share of viewers the row would have served);
 *   <li>NDCG at k: {@code DCG / ideal DCG}, {@code DCG = sum over relevant ranks r (1-based, r <=
 *       k) of 1 / log2(r + 1)}; the ideal puts min(k, |relevant|) relevant titles first. Rewards
 *       hits near the top.
 * </ul>
 */
public final class Metrics {

  private Metrics() {}

  public static boolean hit(List<String> ranked, Set<String> relevant, int k) {
    for (int r = 0; r < Math.min(k, ranked.size()); r++) {
      if (relevant.contains(ranked.get(r))) {
        return true;
      }
    }
    return false;
  }

  public static double ndcg(List<String> ranked, Set<String> relevant, int k) {
    if (relevant.isEmpty()) {
      return 0;
    }
    double dcg = 0;
    for (int r = 0; r < Math.min(k, ranked.size()); r++) {
      if (relevant.contains(ranked.get(r))) {
        dcg += discount(r);
      }
    }
    double ideal = 0;
    for (int r = 0; r < Math.min(k, relevant.size()); r++) {
      ideal += discount(r);
    }
    return dcg / ideal;
  }

  /** 1 / log2(rank + 1) for the 1-based rank, i.e. {@code 1 / log2(index + 2)}. */
  private static double discount(int index) {
    return Math.log(2) / Math.log(index + 2);
  }
}

package io.reel.recommend;

/**
 * The k best (score, index) pairs seen, best first: higher score, then lower index (= lower item
 * id). Insertion into a sorted array: k is a row's length, a few dozen at most.
 */
final class TopK {

  private final int[] indices;
  private final double[] scores;
  private int size;

  TopK(int k) {
    this.indices = new int[Math.max(0, k)];
    this.scores = new double[Math.max(0, k)];
  }

  /** Whether {@link #offer} would keep this pair: lets callers skip costly checks. */
  boolean accepts(int index, double score) {
    if (indices.length == 0 || Double.isNaN(score)) {
      return false;
    }
    return size < indices.length || better(score, index, scores[size - 1], indices[size - 1]);
  }

  void offer(int index, double score) {
    if (!accepts(index, score)) {
      return;
    }
    int pos = size < indices.length ? size++ : size - 1;
    while (pos > 0 && better(score, index, scores[pos - 1], indices[pos - 1])) {
      indices[pos] = indices[pos - 1];
      scores[pos] = scores[pos - 1];
      pos--;
    }
    indices[pos] = index;
    scores[pos] = score;
  }

  int size() {
    return size;
  }

  int index(int rank) {
    return indices[rank];
  }

  double score(int rank) {
    return scores[rank];
  }

  private static boolean better(double s1, int i1, double s2, int i2) {
    return s1 > s2 || (s1 == s2 && i1 < i2);
  }
}

package io.reel.recommend;

/**
 * Each title's top-K most similar titles, best first, in three flat arrays (the neighbours of title
 * {@code i} are {@code items[start[i] .. start[i + 1])}): a few bytes per pair, no boxing.
 */
final class Neighbours {

  private final int[] start;
  private final int[] items;
  private final float[] similarities;

  Neighbours(int[] start, int[] items, float[] similarities) {
    this.start = start;
    this.items = items;
    this.similarities = similarities;
  }

  int from(int item) {
    return start[item];
  }

  int to(int item) {
    return start[item + 1];
  }

  int item(int slot) {
    return items[slot];
  }

  double similarity(int slot) {
    return similarities[slot];
  }

  long pairs() {
    return items.length;
  }
}

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

  void write(java.io.DataOutput out) throws java.io.IOException {
    out.writeInt(start.length);
    for (int s : start) {
      out.writeInt(s);
    }
    out.writeInt(items.length);
    for (int i = 0; i < items.length; i++) {
      out.writeInt(items[i]);
      out.writeFloat(similarities[i]);
    }
  }

  /** The stored neighbours of {@code titles} titles; refuses what does not fit them. */
  static Neighbours read(java.io.DataInput in, int titles) throws java.io.IOException {
    int[] start = new int[ModelCodec.count(in.readInt())];
    if (start.length != titles + 1) {
      throw new java.io.IOException("the stored neighbours do not fit the titles");
    }
    for (int i = 0; i < start.length; i++) {
      start[i] = in.readInt();
    }
    int m = ModelCodec.count(in.readInt());
    int[] items = new int[m];
    float[] similarities = new float[m];
    for (int i = 0; i < m; i++) {
      items[i] = in.readInt();
      similarities[i] = in.readFloat();
      if (items[i] < 0 || items[i] >= titles) {
        throw new java.io.IOException("a stored neighbour is not a title");
      }
    }
    for (int i = 0; i < titles; i++) {
      if (start[i] < 0 || start[i] > start[i + 1] || start[i + 1] > m) {
        throw new java.io.IOException("the stored neighbour ranges are broken");
      }
    }
    return new Neighbours(start, items, similarities);
  }
}

package io.reel.recommend;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;

/**
 * Titles as dense ints, numbered in id order: arrays replace maps in the hot loops, and "lower
 * index first" is "lower id first", which is how every tie is broken.
 */
final class ItemIndex {

  private final String[] ids;
  private final Map<String, Integer> positions;

  ItemIndex(SortedSet<String> sortedIds) {
    this.ids = sortedIds.toArray(String[]::new);
    this.positions = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      positions.put(ids[i], i);
    }
  }

  int size() {
    return ids.length;
  }

  /** The title's index, or -1 when the model has never seen it. */
  int of(String id) {
    Integer p = positions.get(id);
    return p == null ? -1 : p;
  }

  String id(int index) {
    return ids[index];
  }

  void write(java.io.DataOutput out) throws java.io.IOException {
    out.writeInt(ids.length);
    for (String id : ids) {
      out.writeUTF(id);
    }
  }

  static ItemIndex read(java.io.DataInput in) throws java.io.IOException {
    int n = ModelCodec.count(in.readInt());
    java.util.TreeSet<String> ids = new java.util.TreeSet<>();
    for (int i = 0; i < n; i++) {
      ids.add(in.readUTF());
    }
    if (ids.size() != n) {
      throw new java.io.IOException("the stored model repeats a title id");
    }
    return new ItemIndex(ids);
  }
}

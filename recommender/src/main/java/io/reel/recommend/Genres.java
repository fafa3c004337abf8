package io.reel.recommend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The genres of each title as small sorted int arrays, for the content parts of the model. */
final class Genres {

  private static final int[] NONE = new int[0];

  private final String[] names;
  private final int[][] ofItem;

  private Genres(String[] names, int[][] ofItem) {
    this.names = names;
    this.ofItem = ofItem;
  }

  static Genres of(ItemIndex index, Map<String, List<String>> genresByItem) {
    TreeSet<String> all = new TreeSet<>();
    genresByItem.values().forEach(all::addAll);
    String[] names = all.toArray(String[]::new);
    Map<String, Integer> ids = new HashMap<>();
    for (int g = 0; g < names.length; g++) {
      ids.put(names[g], g);
    }
    int[][] ofItem = new int[index.size()][];
    for (int i = 0; i < ofItem.length; i++) {
      List<String> g = genresByItem.getOrDefault(index.id(i), List.of());
      // Names sort like their ids, so a TreeSet gives sorted, distinct ids.
      ofItem[i] = g.isEmpty() ? NONE : new TreeSet<>(g).stream().mapToInt(ids::get).toArray();
    }
    return new Genres(names, ofItem);
  }

  int count() {
    return names.length;
  }

  void write(java.io.DataOutput out) throws java.io.IOException {
    out.writeInt(names.length);
    for (String n : names) {
      out.writeUTF(n);
    }
    out.writeInt(ofItem.length);
    for (int[] g : ofItem) {
      out.writeInt(g.length);
      for (int x : g) {
        out.writeInt(x);
      }
    }
  }

  static Genres read(java.io.DataInput in, int titles) throws java.io.IOException {
    String[] names = new String[ModelCodec.count(in.readInt())];
    for (int i = 0; i < names.length; i++) {
      names[i] = in.readUTF();
    }
    int n = ModelCodec.count(in.readInt());
    if (n != titles) {
      throw new java.io.IOException("the stored genres do not fit the titles");
    }
    int[][] ofItem = new int[n][];
    for (int i = 0; i < n; i++) {
      int[] g = new int[ModelCodec.count(in.readInt())];
      for (int j = 0; j < g.length; j++) {
        g[j] = in.readInt();
        if (g[j] < 0 || g[j] >= names.length) {
          throw new java.io.IOException("a stored genre is not a genre");
        }
      }
      ofItem[i] = g.length == 0 ? NONE : g;
    }
    return new Genres(names, ofItem);
  }

  String name(int genre) {
    return names[genre];
  }

  int[] of(int item) {
    return ofItem[item];
  }

  /** Genres both titles have, in name order: the "shares genres" explanation. */
  List<String> shared(int a, int b) {
    List<String> out = new ArrayList<>();
    int[] x = ofItem[a];
    int[] y = ofItem[b];
    for (int i = 0, j = 0; i < x.length && j < y.length; ) {
      if (x[i] == y[j]) {
        out.add(names[x[i]]);
        i++;
        j++;
      } else if (x[i] < y[j]) {
        i++;
      } else {
        j++;
      }
    }
    return out;
  }

  /** |A ∩ B| / |A ∪ B| of two titles' genres; 0 when either has none. */
  double jaccard(int a, int b) {
    int[] x = ofItem[a];
    int[] y = ofItem[b];
    if (x.length == 0 || y.length == 0) {
      return 0;
    }
    int common = 0;
    for (int i = 0, j = 0; i < x.length && j < y.length; ) {
      if (x[i] == y[j]) {
        common++;
        i++;
        j++;
      } else if (x[i] < y[j]) {
        i++;
      } else {
        j++;
      }
    }
    return (double) common / (x.length + y.length - common);
  }
}

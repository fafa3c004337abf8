package io.reel.recommend;

import java.util.List;

/**
 * What the content fallback knows about a title: its genres. Titles nobody has watched together yet
 * (new ones, niche ones) still get "more like this" rows from these.
 */
public record ItemFacts(String item, List<String> genres) {

  public ItemFacts {
    if (item == null || item.isBlank()) {
      throw new IllegalArgumentException("item facts need an item");
    }
    genres = genres == null ? List.of() : List.copyOf(genres);
  }
}

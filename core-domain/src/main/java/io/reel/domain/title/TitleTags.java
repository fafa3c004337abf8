package io.reel.domain.title;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The fixed set of journal tags for title events ({@code title-0..N-1}), one per projection
 * instance. N is decided up front and kept in config: changing it re-partitions every projection.
 */
public final class TitleTags {

  private final int count;

  public TitleTags(int count) {
    if (count < 1 || count > 1024) {
      throw new IllegalArgumentException("tag count must be 1..1024");
    }
    this.count = count;
  }

  public int count() {
    return count;
  }

  public List<String> all() {
    return IntStream.range(0, count).mapToObj(i -> "title-" + i).toList();
  }

  /** A stable hash of the id picks the tag, so one title's events stay in order in one tag. */
  public String tagFor(TitleId id) {
    long mixed = id.value() * 0x9E3779B97F4A7C15L;
    return "title-" + Math.floorMod(mixed ^ (mixed >>> 32), count);
  }
}

package io.reel.domain.playback;

import java.util.List;
import java.util.stream.IntStream;

/** The fixed journal tags of playback events, {@code playback-0..N-1}. */
public record PlaybackTags(int count) {

  public PlaybackTags {
    if (count < 1 || count > 1024) {
      throw new IllegalArgumentException("tag count must be 1..1024");
    }
  }

  public List<String> all() {
    return IntStream.range(0, count).mapToObj(i -> "playback-" + i).toList();
  }

  /** String.hashCode is specified, so an account's tag never changes between JVMs. */
  public String tagFor(String accountId) {
    return "playback-" + Math.floorMod(accountId.hashCode(), count);
  }
}

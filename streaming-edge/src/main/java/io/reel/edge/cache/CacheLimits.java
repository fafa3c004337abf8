package io.reel.edge.cache;

import io.reel.edge.EdgeSettings;
import java.nio.file.Path;
import java.time.Duration;

/** The bounds of the two tiers of an {@link EdgeCache}. */
public record CacheLimits(
    Path dir,
    long memoryBytes,
    long memoryObjectMaxBytes,
    long diskBytes,
    Duration evictionGrace,
    int chunkBytes) {

  public CacheLimits {
    if (memoryBytes < 0 || memoryObjectMaxBytes < 0 || diskBytes < 0 || chunkBytes <= 0) {
      throw new IllegalArgumentException("cache sizes must not be negative");
    }
  }

  public static CacheLimits fromSettings(EdgeSettings s) {
    return new CacheLimits(
        s.cacheDir(),
        s.memoryBytes(),
        s.memoryObjectMaxBytes(),
        s.diskBytes(),
        s.evictionGrace(),
        s.streamChunkBytes());
  }
}

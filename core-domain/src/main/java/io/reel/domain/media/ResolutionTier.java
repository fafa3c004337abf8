package io.reel.domain.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The resolution tiers content keys are cut by: each video rendition is encrypted with its tier's
 * key and audio with the lowest tier's, so the licence server can release exactly the keys of the
 * tiers a plan allows. Ordered from the lowest up; {@code maxHeight} is the tallest height in the
 * tier (inclusive).
 */
public enum ResolutionTier {
  SD(480),
  HD(720),
  FHD(1080),
  UHD(Integer.MAX_VALUE);

  private final int maxHeight;

  ResolutionTier(int maxHeight) {
    this.maxHeight = maxHeight;
  }

  public int maxHeight() {
    return maxHeight;
  }

  /** The tier of a video rendition of this height; audio (height 0) is in the lowest tier. */
  public static ResolutionTier of(int height) {
    for (ResolutionTier t : values()) {
      if (height <= t.maxHeight) {
        return t;
      }
    }
    return UHD;
  }

  public static ResolutionTier lowest() {
    return SD;
  }

  /** The tiers a viewer limited to {@code maxHeight} may have keys of (0: no limit). */
  public static List<ResolutionTier> upTo(int maxHeight) {
    ResolutionTier top = maxHeight <= 0 ? UHD : of(maxHeight);
    List<ResolutionTier> out = new ArrayList<>();
    for (ResolutionTier t : values()) {
      if (t.compareTo(top) <= 0) {
        out.add(t);
      }
    }
    return out;
  }
}

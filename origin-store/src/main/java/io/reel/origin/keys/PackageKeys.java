package io.reel.origin.keys;

import io.reel.domain.media.ResolutionTier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The content keys of one package version, one per resolution tier: a video rendition is encrypted
 * with the key of its height's tier, audio with the lowest tier's.
 */
public record PackageKeys(Map<ResolutionTier, ContentKey> byTier) {

  public PackageKeys {
    if (!byTier.keySet().containsAll(List.of(ResolutionTier.values()))) {
      throw new IllegalArgumentException("a package needs a key for every tier");
    }
    byTier = Map.copyOf(new EnumMap<>(byTier));
  }

  /** The key of the lowest tier: audio, and what ffmpeg encrypts everything with first. */
  public ContentKey lowest() {
    return byTier.get(ResolutionTier.lowest());
  }

  public ContentKey forTier(ResolutionTier tier) {
    return byTier.get(tier);
  }

  /** The key of a rendition of this height (0 for audio). */
  public ContentKey forHeight(int height) {
    return byTier.get(ResolutionTier.of(height));
  }

  /** Every key, lowest tier first. */
  public List<ContentKey> all() {
    List<ContentKey> out = new ArrayList<>();
    for (ResolutionTier t : ResolutionTier.values()) {
      out.add(byTier.get(t));
    }
    return out;
  }

  @Override
  public String toString() {
    return "PackageKeys" + all();
  }
}

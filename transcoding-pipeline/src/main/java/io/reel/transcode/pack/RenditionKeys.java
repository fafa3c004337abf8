package io.reel.transcode.pack;

import io.reel.domain.media.Rendition;
import io.reel.origin.keys.ContentKey;
import io.reel.origin.keys.PackageKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which key each rendition of a package ends up encrypted with, and the one key ffmpeg encrypted
 * everything with ({@code encryptedWith}, the lowest tier's): {@link Packager#finish} re-keys every
 * other rendition from it. A rendition not named has {@code encryptedWith}.
 */
public record RenditionKeys(ContentKey encryptedWith, Map<String, ContentKey> byRendition) {

  public RenditionKeys {
    byRendition = Map.copyOf(byRendition);
  }

  /** Every rendition under one key: packages made before keys per tier, and simple tests. */
  public static RenditionKeys single(ContentKey key) {
    return new RenditionKeys(key, Map.of());
  }

  /**
   * Keys per resolution tier: each video rendition gets its height's tier key, audio the lowest
   * tier's (so every entitled viewer can hear), and ffmpeg encrypts with the lowest tier's.
   */
  public static RenditionKeys perTier(PackageKeys keys, List<Rendition> renditions) {
    Map<String, ContentKey> by = new HashMap<>();
    for (Rendition r : renditions) {
      by.put(r.id(), "video".equals(r.kind()) ? keys.forHeight(r.height()) : keys.lowest());
    }
    return new RenditionKeys(keys.lowest(), by);
  }

  public ContentKey of(String renditionId) {
    return byRendition.getOrDefault(renditionId, encryptedWith);
  }

  /**
   * The distinct keys in use, {@code encryptedWith} first then by key id: what the pssh of every
   * init segment names, so one licence request asks for every key a viewer may need.
   */
  public List<ContentKey> inUse() {
    Map<String, ContentKey> out = new LinkedHashMap<>();
    out.put(encryptedWith.kidHex(), encryptedWith);
    List<ContentKey> rest = new ArrayList<>(byRendition.values());
    rest.sort(java.util.Comparator.comparing(ContentKey::kidHex));
    for (ContentKey k : rest) {
      out.putIfAbsent(k.kidHex(), k);
    }
    return List.copyOf(out.values());
  }

  /** Never prints keys. */
  @Override
  public String toString() {
    return "RenditionKeys[" + byRendition.size() + " renditions, " + inUse().size() + " keys]";
  }
}

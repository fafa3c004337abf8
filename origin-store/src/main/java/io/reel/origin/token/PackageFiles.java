package io.reel.origin.token;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which rendition a file of a package belongs to, by the names the packager writes: {@code
 * init-<id>.m4s}, {@code seg-<id>-<n>.m4s} and {@code media_<id>.m3u8}. Every other file (the
 * masters, the poster, thumbnails) belongs to no rendition. The edge refuses a rendition's files
 * that a token does not grant; the packager and this class must agree on these names.
 */
public final class PackageFiles {

  private static final Pattern RENDITION_FILE =
      Pattern.compile(
          "(?:init-([A-Za-z0-9]{1,16})\\.m4s"
              + "|seg-([A-Za-z0-9]{1,16})-[0-9]{1,12}\\.m4s"
              + "|media_([A-Za-z0-9]{1,16})\\.m3u8)");

  private PackageFiles() {}

  /**
   * The rendition id of {@code name} (a path relative to the package prefix), or empty when the
   * file belongs to no rendition. A name in a sub-directory is never a rendition file.
   */
  public static Optional<String> renditionOf(String name) {
    Matcher m = RENDITION_FILE.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    for (int g = 1; g <= 3; g++) {
      if (m.group(g) != null) {
        return Optional.of(m.group(g));
      }
    }
    return Optional.empty();
  }

  /** The HLS media playlist of a rendition. */
  public static String mediaPlaylist(String renditionId) {
    return "media_" + renditionId + ".m3u8";
  }
}

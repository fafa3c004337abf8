package io.reel.edge.http;

import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.MediaTypes;

/**
 * The content types of a package's files, by extension. Anything else is not served: the edge is
 * for packages, not a general file server.
 */
public final class EdgeMediaTypes {

  /** Manifests change per version only, but players reload them: short cache lifetimes. */
  public enum Kind {
    MANIFEST,
    IMMUTABLE
  }

  public record Type(ContentType contentType, Kind kind) {}

  private static final Map<String, Type> BY_EXTENSION =
      Map.of(
          "m3u8",
          new Type(
              ContentTypes.create(MediaTypes.applicationBinary("vnd.apple.mpegurl", true, "m3u8")),
              Kind.MANIFEST),
          "mpd",
          new Type(
              ContentTypes.create(MediaTypes.applicationBinary("dash+xml", true, "mpd")),
              Kind.MANIFEST),
          "m4s",
          new Type(
              ContentTypes.create(MediaTypes.customBinary("video", "iso.segment", false)),
              Kind.IMMUTABLE),
          "mp4",
          new Type(
              ContentTypes.create(MediaTypes.customBinary("video", "mp4", false)), Kind.IMMUTABLE),
          "vtt",
          new Type(
              ContentTypes.create(
                  MediaTypes.customWithOpenCharset("text", "vtt", Map.of(), true),
                  HttpCharsets.UTF_8),
              Kind.IMMUTABLE),
          "jpg",
          new Type(ContentTypes.create(MediaTypes.IMAGE_JPEG), Kind.IMMUTABLE));

  private EdgeMediaTypes() {}

  /** The type of {@code key} by its extension; null when the edge does not serve it. */
  public static Type of(String key) {
    int dot = key.lastIndexOf('.');
    int slash = key.lastIndexOf('/');
    if (dot < 0 || dot < slash) {
      return null;
    }
    return BY_EXTENSION.get(key.substring(dot + 1));
  }
}

package io.reel.transcode.pack;

import io.reel.origin.keys.ContentKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the dash muxer's HLS output into VOD playlists with ClearKey signalling. Pure text
 * functions, idempotent: running them on their own output changes nothing.
 */
public final class HlsPlaylists {

  private HlsPlaylists() {}

  static final String KEYFORMAT = "org.w3.clearkey";

  /** True for a master (multivariant) playlist. */
  public static boolean isMaster(String playlist) {
    return playlist.contains("#EXT-X-STREAM-INF");
  }

  /**
   * The master playlist with {@code #EXT-X-INDEPENDENT-SEGMENTS} (every segment starts with a
   * closed-GOP keyframe). PLAYLIST-TYPE and ENDLIST are media-playlist tags (RFC 8216 4.3.3) and
   * must not appear here, so they are added to the media playlists only.
   */
  public static String tidyMaster(String master) {
    List<String> lines = lines(master);
    requireHeader(lines);
    lines.removeIf(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME"));
    if (!lines.contains("#EXT-X-INDEPENDENT-SEGMENTS")) {
      lines.add(headerEnd(lines, "#EXT-X-VERSION"), "#EXT-X-INDEPENDENT-SEGMENTS");
    }
    return join(lines);
  }

  /**
   * A media playlist for VOD, with the ClearKey key tag before {@code #EXT-X-MAP}: drops the
   * muxer's wall-clock {@code #EXT-X-PROGRAM-DATE-TIME} (meaningless for VOD and it makes players
   * treat the timeline as dated), sets {@code #EXT-X-PLAYLIST-TYPE:VOD}, ensures {@code
   * #EXT-X-ENDLIST}.
   */
  public static String tidyMedia(String media, ContentKey key, String keyUri) {
    checkQuotedValue(keyUri);
    List<String> lines = lines(media);
    requireHeader(lines);
    if (isMaster(media)) {
      throw new IllegalArgumentException("a master playlist, not a media playlist");
    }
    lines.removeIf(
        l ->
            l.startsWith("#EXT-X-PROGRAM-DATE-TIME")
                || l.startsWith("#EXT-X-PLAYLIST-TYPE")
                || (l.startsWith("#EXT-X-KEY:") && l.contains("KEYFORMAT=\"" + KEYFORMAT + "\"")));
    lines.add(headerEnd(lines, "#EXT-X-TARGETDURATION"), "#EXT-X-PLAYLIST-TYPE:VOD");

    int map = indexOfPrefix(lines, "#EXT-X-MAP");
    if (map < 0) {
      throw new IllegalArgumentException("no #EXT-X-MAP: expected fMP4 (CMAF) segments");
    }
    lines.add(map, keyTag(key, keyUri));

    // the tag set (KEYFORMAT on EXT-X-KEY) needs protocol version 5 or later
    int v = indexOfPrefix(lines, "#EXT-X-VERSION:");
    if (v < 0) {
      lines.add(1, "#EXT-X-VERSION:5");
    } else if (Integer.parseInt(lines.get(v).substring("#EXT-X-VERSION:".length()).trim()) < 5) {
      lines.set(v, "#EXT-X-VERSION:5");
    }

    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    if (!lines.contains("#EXT-X-ENDLIST")) {
      lines.add("#EXT-X-ENDLIST");
    }
    return join(lines);
  }

  /** The {@code #EXT-X-KEY} line hls.js and shaka use for CENC with ClearKey. */
  public static String keyTag(ContentKey key, String keyUri) {
    checkQuotedValue(keyUri);
    return "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,KEYFORMAT=\""
        + KEYFORMAT
        + "\",KEYFORMATVERSIONS=\"1\",URI=\""
        + keyUri
        + "\",KEYID=0x"
        + key.kidHex();
  }

  /** Rewrites one playlist file in place (atomically), choosing master or media by its content. */
  public static void tidyFile(Path playlist, ContentKey key, String keyUri) throws IOException {
    String text = Files.readString(playlist, StandardCharsets.UTF_8);
    String out = isMaster(text) ? tidyMaster(text) : tidyMedia(text, key, keyUri);
    AtomicFiles.write(playlist, out.getBytes(StandardCharsets.UTF_8));
  }

  /** A quoted-string attribute may hold neither a double quote nor a line break (RFC 8216 4.2). */
  private static void checkQuotedValue(String value) {
    if (value == null
        || value.isEmpty()
        || value.indexOf('"') >= 0
        || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("key URI must be non-empty, without quotes or newlines");
    }
  }

  private static void requireHeader(List<String> lines) {
    if (lines.isEmpty() || !lines.get(0).equals("#EXTM3U")) {
      throw new IllegalArgumentException("not an HLS playlist: no #EXTM3U first line");
    }
  }

  /** Index just after the given header tag, or after #EXTM3U/#EXT-X-VERSION when absent. */
  private static int headerEnd(List<String> lines, String tag) {
    int i = indexOfPrefix(lines, tag);
    if (i < 0) {
      i = indexOfPrefix(lines, "#EXT-X-VERSION");
    }
    return (i < 0 ? 0 : i) + 1;
  }

  private static int indexOfPrefix(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> lines(String text) {
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<String> out = new ArrayList<>(List.of(t.split("\r?\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static String join(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }
}

package io.reel.transcode.plan;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The containers a source may be, and the input options that hold ffprobe and ffmpeg to them.
 *
 * <p>Some of ffmpeg's demuxers read other files or URLs named inside the source: playlists and
 * manifests (hls, dash), scripts (concat), image sequences (image2 patterns), pseudo-inputs (lavfi,
 * tee, subfile, data:). An uploaded DASH manifest naming {@code /var/media/...} would be probed and
 * transcoded from that file. So both tools run with {@code -protocol_whitelist file} (nothing but
 * local files, and never a URL named inside a source) and {@code -format_whitelist} of the
 * self-contained containers below; ffmpeg is also forced to the demuxer ffprobe found. MOV's
 * external references ({@code enable_drefs}) stay at their default, off.
 */
public final class SourceFormats {

  /**
   * ffmpeg demuxer names: MP4/MOV/M4V/3GP, Matroska/WebM, MPEG-TS, MXF and AVI, the containers
   * cameras, editors and studios deliver. Refused on purpose: every playlist and manifest, raw
   * elementary streams (no container timing to trust), still images and image sequences, FLV.
   */
  public static final List<String> ALLOWED = List.of("mov", "matroska", "mpegts", "mxf", "avi");

  /** For people: what to upload instead. */
  public static final String ALLOWED_TEXT = "MP4/MOV, Matroska/WebM, MPEG-TS, MXF or AVI";

  private static final Map<String, String> KNOWN_REFUSED =
      Map.ofEntries(
          Map.entry("dash", "a DASH manifest"),
          Map.entry("hls", "an HLS playlist"),
          Map.entry("concat", "an ffconcat script"),
          Map.entry("image2", "an image or image sequence"),
          Map.entry("tee", "a tee pseudo-input"),
          Map.entry("lavfi", "a filter graph"),
          Map.entry("subfile", "a subfile reference"),
          Map.entry("smil", "a SMIL playlist"),
          Map.entry("sdp", "an SDP session description"),
          Map.entry("rtsp", "an RTSP session"),
          Map.entry("data", "a data: URI"));

  // "[dash @ 0x5579fd686380] Format not on whitelist 'mov,...'": the bracket names the demuxer.
  private static final Pattern NOT_ON_WHITELIST =
      Pattern.compile("\\[([A-Za-z0-9_,]+) @ 0x[0-9a-fA-F]+\\]\\s*Format not on whitelist");

  private SourceFormats() {}

  /** ffmpeg's {@code -format_whitelist} value. */
  public static String whitelist() {
    return String.join(",", ALLOWED);
  }

  /** Input options for ffprobe and ffmpeg: local files only, allowed containers only. */
  public static List<String> inputOptions() {
    return List.of("-protocol_whitelist", "file", "-format_whitelist", whitelist());
  }

  /**
   * The input as a {@code file:} URL: a path with a colon or a leading dash is never read as
   * another protocol or an option.
   */
  public static String inputUrl(Path source) {
    return "file:" + source.toAbsolutePath();
  }

  /**
   * The demuxer to force on ffmpeg for a probed {@code format_name} (ffprobe lists a demuxer's
   * aliases, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}), or empty when it is not allowed.
   */
  public static Optional<String> demuxer(String formatName) {
    if (formatName == null) {
      return Optional.empty();
    }
    List<String> names = List.of(formatName.toLowerCase(Locale.ROOT).split(","));
    return ALLOWED.stream().filter(names::contains).findFirst();
  }

  /** A reason for a source whose container is not allowed, naming what it is when known. */
  public static String refusal(String demuxer) {
    String d = demuxer == null ? "" : demuxer.toLowerCase(Locale.ROOT);
    String first = d.split(",")[0];
    String what = KNOWN_REFUSED.get(first);
    if (what == null && (first.endsWith("_pipe") || first.startsWith("image"))) {
      what = "a still image";
    }
    String is =
        what != null
            ? what + (isReference(first) ? ", which names other files," : "")
            : first.isEmpty() ? "a container that is not accepted" : "'" + first + "' data";
    return "refused: the source is "
        + is
        + " not a media file; upload the video itself as "
        + ALLOWED_TEXT;
  }

  private static boolean isReference(String demuxer) {
    return switch (demuxer) {
      case "dash", "hls", "concat", "smil", "tee", "subfile", "sdp" -> true;
      default -> false;
    };
  }

  /** The refused demuxer named in ffprobe's or ffmpeg's stderr, if the whitelist refused it. */
  public static Optional<String> refusedIn(String stderr) {
    Matcher m = NOT_ON_WHITELIST.matcher(stderr);
    if (m.find()) {
      return Optional.of(m.group(1));
    }
    return stderr.contains("Format not on whitelist") ? Optional.of("") : Optional.empty();
  }

  /**
   * A quick look at the first bytes of an upload for text playlists and manifests, so the upload
   * route can refuse the usual cases at once. Not the guarantee: the whitelists above are.
   *
   * @return the refused demuxer name ({@code hls}, {@code dash}, {@code concat}, {@code smil})
   */
  public static Optional<String> sniff(byte[] head, int length) {
    String text = new String(head, 0, Math.max(0, length), StandardCharsets.ISO_8859_1);
    if (text.startsWith("\u00ef\u00bb\u00bf")) { // UTF-8 byte order mark
      text = text.substring(3);
    }
    String start = text.stripLeading();
    String lower = text.toLowerCase(Locale.ROOT);
    if (start.startsWith("#EXTM3U")) {
      return Optional.of("hls");
    }
    if (start.startsWith("ffconcat version")) {
      return Optional.of("concat");
    }
    if (lower.contains("<mpd")) {
      return Optional.of("dash");
    }
    if (lower.contains("<smil")) {
      return Optional.of("smil");
    }
    return Optional.empty();
  }
}

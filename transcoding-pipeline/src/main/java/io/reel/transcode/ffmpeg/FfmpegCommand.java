package io.reel.transcode.ffmpeg;

import io.reel.transcode.FfmpegBinaries;
import io.reel.transcode.plan.AudioRung;
import io.reel.transcode.plan.Ladder;
import io.reel.transcode.plan.Rung;
import io.reel.transcode.plan.SourceFormats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The arguments of the one ffmpeg process that decodes the source once and writes the whole title
 * into {@code outDir}: CMAF segments for every rung plus audio with a DASH manifest and an HLS
 * master over the same segments, optionally CENC-encrypted, a poster and trickplay sprites.
 *
 * <p>Layout: {@code manifest.mpd}, {@code master.m3u8}, {@code media_<id>.m3u8}, {@code
 * init-<id>.m4s}, {@code seg-<id>-<00001>.m4s}, {@code poster.jpg}, {@code
 * thumbs/thumb-<00001>.jpg} (tiled into {@code thumbs/sprite-<001>.jpg} by {@link SpriteSheets}).
 * Representation ids are the rung ids, audio comes last.
 *
 * <p>Progress goes to stdout ({@code -progress pipe:1}), errors to stderr. Beware: ffmpeg reports
 * {@code out_time} as the slowest output, which here is the sprite sheet (one frame per {@code
 * columns * rows} thumbnails), and prints the first report only once every output has started;
 * {@code frame} counts the top rung's frames and is the steadier measure (see {@link
 * Progress#percentByFrames}).
 */
public record FfmpegCommand(
    Path source, Path outDir, Ladder ladder, Optional<Encryption> encryption, Trickplay trickplay) {

  public static final String MANIFEST = "manifest.mpd";
  public static final String HLS_MASTER = "master.m3u8";
  public static final String POSTER = "poster.jpg";
  public static final String THUMBS_DIR = "thumbs";
  public static final int POSTER_MAX_WIDTH = 1280;

  /** Where the poster frame is taken: early enough to exist, late enough to skip fades. */
  public double posterTimeSeconds() {
    return ladder.durationSeconds() * 0.10;
  }

  public int posterWidth() {
    int w = Math.min(POSTER_MAX_WIDTH, ladder.displayWidth());
    return Math.max(2, w - (w % 2));
  }

  public int posterHeight() {
    return Math.max(
        2,
        (int)
                Math.round(
                    (double) posterWidth() * ladder.displayHeight() / ladder.displayWidth() / 2)
            * 2);
  }

  public int thumbHeight() {
    return trickplay.thumbHeight(ladder.displayWidth(), ladder.displayHeight());
  }

  /** The image2 muxer does not create directories. */
  public void createOutputDirectories() throws IOException {
    Files.createDirectories(outDir.resolve(THUMBS_DIR));
  }

  public ProcessBuilder processBuilder(FfmpegBinaries binaries) {
    return binaries.ffmpegCommand(args());
  }

  /** Reads the source with whichever allowed demuxer detects it. */
  public List<String> args() {
    return args(null);
  }

  /**
   * Reads the source with {@code demuxer} (the allowed one ffprobe found, see {@link
   * SourceFormats#demuxer}), so ffmpeg cannot detect the file as something else.
   */
  public List<String> args(String demuxer) {
    List<Rung> rungs = ladder.video();
    List<String> a = new ArrayList<>();
    add(a, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-progress", "pipe:1");
    add(a, "-y");
    // Input side: local files and self-contained containers only (see SourceFormats).
    a.addAll(SourceFormats.inputOptions());
    if (demuxer != null) {
      if (SourceFormats.demuxer(demuxer).isEmpty()) {
        throw new IllegalArgumentException("not an allowed demuxer: " + demuxer);
      }
      add(a, "-f", demuxer);
    }
    add(a, "-i", SourceFormats.inputUrl(source));
    add(a, "-filter_complex", filterGraph());

    // Output 1: the CMAF ladder through the dash muxer.
    for (Rung r : rungs) {
      add(a, "-map", "[v" + r.id() + "]");
    }
    Optional<AudioRung> audio = ladder.audio();
    if (audio.isPresent()) {
      add(a, "-map", "0:a:0");
    }
    add(a, "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p");
    // Closed GOPs of exactly one segment, no scene-cut keyframes: every segment of every rung
    // starts on an IDR at the same time, which ABR switching needs.
    add(a, "-sc_threshold", "0", "-x264-params", "open_gop=0");
    for (int i = 0; i < rungs.size(); i++) {
      Rung r = rungs.get(i);
      String s = ":v:" + i;
      add(a, "-g" + s, Integer.toString(r.gopFrames()));
      add(a, "-keyint_min" + s, Integer.toString(r.gopFrames()));
      add(a, "-b" + s, r.videoBitrateKbps() + "k");
      add(a, "-maxrate" + s, r.maxrateKbps() + "k");
      add(a, "-bufsize" + s, r.bufsizeKbps() + "k");
    }
    if (audio.isPresent()) {
      AudioRung ar = audio.get();
      add(a, "-c:a", "aac", "-b:a", ar.bitrateKbps() + "k");
      add(a, "-ac", Integer.toString(ar.channels()), "-ar", Integer.toString(ar.sampleRate()));
    }
    add(a, "-f", "dash", "-seg_duration", Integer.toString(ladder.segmentSeconds()));
    add(a, "-use_template", "1", "-use_timeline", "1");
    add(a, "-hls_playlist", "1", "-hls_master_name", HLS_MASTER);
    // Without explicit sets every stream gets its own AdaptationSet and players cannot switch.
    add(
        a,
        "-adaptation_sets",
        audio.isPresent() ? "id=0,streams=v id=1,streams=a" : "id=0,streams=v");
    add(a, "-init_seg_name", "init-$RepresentationID$.m4s");
    add(a, "-media_seg_name", "seg-$RepresentationID$-$Number%05d$.m4s");
    encryption.ifPresent(e -> add(a, "-format_options", e.formatOptions()));
    a.add(outDir.resolve(MANIFEST).toString());

    // Output 2: the poster. Frame 0 is written first so this output starts at once (ffmpeg holds
    // back all progress reports until every output has started), then overwritten by the real one.
    add(a, "-map", "[poster]", "-frames:v", "2", "-update", "1", "-q:v", "3");
    a.add(outDir.resolve(POSTER).toString());

    // Output 3: trickplay thumbnails, one file each; SpriteSheets tiles them afterwards. Tiling
    // inside ffmpeg would hold this output (and so every progress report) back until a whole
    // sheet of columns x rows thumbnails is decoded.
    add(a, "-map", "[thumbs]", "-fps_mode", "passthrough", "-q:v", "5");
    a.add(outDir.resolve(Trickplay.THUMB_PATTERN).toString());
    return a;
  }

  /**
   * One split feeding every rung, the poster and the sprites. No {@code setsar=1} on the rungs:
   * {@code scale} keeps the display aspect ratio exact by adjusting the sample aspect ratio, while
   * forcing square pixels on sizes like 426x240 makes the dash muxer refuse the adaptation set
   * ("Conflicting stream aspect ratios").
   */
  public String filterGraph() {
    List<Rung> rungs = ladder.video();
    StringBuilder g = new StringBuilder("[0:v:0]split=").append(rungs.size() + 2);
    for (Rung r : rungs) {
      g.append("[s").append(r.id()).append(']');
    }
    g.append("[p][t]");
    for (Rung r : rungs) {
      g.append(";[s").append(r.id()).append(']');
      if (!r.fps().equals(ladder.sourceFps())) {
        // Drop frames before scaling: less work.
        g.append("fps=").append(r.fps()).append(',');
      }
      g.append("scale=").append(r.width()).append(':').append(r.height());
      g.append("[v").append(r.id()).append(']');
    }
    g.append(";[p]select=eq(n\\,0)+gte(t\\,")
        .append(String.format(Locale.ROOT, "%.3f", posterTimeSeconds()))
        .append("),scale=")
        .append(posterWidth())
        .append(':')
        .append(posterHeight())
        .append(",setsar=1[poster]");
    // The first frame, then one per interval: unlike fps=1/N this always yields a thumbnail, even
    // for a clip shorter than the interval.
    String interval = String.format(Locale.ROOT, "%.3f", trickplay.intervalSeconds());
    g.append(";[t]select=isnan(prev_selected_t)+gte(t-prev_selected_t\\,")
        .append(interval)
        .append("),scale=")
        .append(trickplay.thumbWidth())
        .append(':')
        .append(thumbHeight())
        .append(",setsar=1[thumbs]");
    return g.toString();
  }

  private static void add(List<String> list, String... items) {
    list.addAll(List.of(items));
  }
}

package io.reel.transcode.ffmpeg;

import java.util.Locale;

/**
 * Trickplay sprite sheets: one thumbnail every {@code intervalSeconds}, {@code thumbWidth} wide,
 * tiled {@code columns x rows} per JPEG, plus the WebVTT that maps seek times to sprite regions.
 */
public record Trickplay(double intervalSeconds, int thumbWidth, int columns, int rows) {

  public static final String SPRITE_PATTERN = "thumbs/sprite-%03d.jpg";
  public static final String THUMB_PATTERN = "thumbs/thumb-%05d.jpg";

  public Trickplay {
    if (!(intervalSeconds > 0)
        || thumbWidth < 2
        || thumbWidth % 2 != 0
        || columns < 1
        || rows < 1) {
      throw new IllegalArgumentException("invalid trickplay settings");
    }
  }

  public static Trickplay defaults() {
    return new Trickplay(10, 160, 5, 5);
  }

  /** Even thumbnail height following the display aspect ratio. */
  public int thumbHeight(int displayWidth, int displayHeight) {
    return Math.max(
        2, (int) Math.round((double) thumbWidth * displayHeight / displayWidth / 2) * 2);
  }

  public int thumbnailCount(double durationSeconds) {
    return Math.max(1, (int) Math.ceil(durationSeconds / intervalSeconds - 1e-9));
  }

  public String webVtt(double durationSeconds, int displayWidth, int displayHeight) {
    return webVtt(
        durationSeconds,
        intervalSeconds,
        thumbWidth,
        thumbHeight(displayWidth, displayHeight),
        columns,
        rows);
  }

  /**
   * WebVTT with one cue per thumbnail; cue {@code i} covers {@code [i*interval, (i+1)*interval)}
   * (the last ends at the duration) and points at {@code thumbs/sprite-NNN.jpg#xywh=x,y,w,h},
   * sprites numbered from 1 and filled row by row, as ffmpeg's tile filter does.
   */
  public static String webVtt(
      double durationSeconds,
      double intervalSeconds,
      int tileWidth,
      int tileHeight,
      int columns,
      int rows) {
    if (!(durationSeconds > 0) || !(intervalSeconds > 0)) {
      throw new IllegalArgumentException("duration and interval must be positive");
    }
    int perSprite = columns * rows;
    int count = (int) Math.ceil(durationSeconds / intervalSeconds - 1e-9);
    StringBuilder sb = new StringBuilder("WEBVTT\n");
    for (int i = 0; i < count; i++) {
      double start = i * intervalSeconds;
      double end = Math.min((i + 1) * intervalSeconds, durationSeconds);
      int sprite = i / perSprite + 1;
      int cell = i % perSprite;
      int x = (cell % columns) * tileWidth;
      int y = (cell / columns) * tileHeight;
      sb.append('\n')
          .append(timestamp(start))
          .append(" --> ")
          .append(timestamp(end))
          .append('\n')
          .append(String.format(Locale.ROOT, SPRITE_PATTERN, sprite))
          .append("#xywh=")
          .append(x)
          .append(',')
          .append(y)
          .append(',')
          .append(tileWidth)
          .append(',')
          .append(tileHeight)
          .append('\n');
    }
    return sb.toString();
  }

  static String timestamp(double seconds) {
    long ms = Math.round(seconds * 1000);
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d.%03d",
        ms / 3_600_000,
        (ms / 60_000) % 60,
        (ms / 1000) % 60,
        ms % 1000);
  }
}

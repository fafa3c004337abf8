package io.reel.transcode.plan;

import java.util.List;

/**
 * Knobs of the ABR ladder.
 *
 * @param maxRungs at most this many video renditions
 * @param standardHeights short-side sizes rungs are picked from, largest first
 * @param segmentSeconds CMAF segment length; GOPs are this long so every segment starts on a
 *     keyframe
 * @param bitsPerPixel H.264 bits per pixel per frame: {@code kbps = w * h * fps * bpp / 1000}
 * @param minVideoKbps floor so tiny rungs still look acceptable
 * @param maxVideoKbps ceiling so 4K60 stays streamable
 * @param audioKbps AAC stereo bitrate
 * @param highFpsThreshold a source above this rate (50, 60) keeps it only on rungs whose short side
 *     is at least {@code highFpsMinShortSide}; lower rungs get half
 * @param highFpsMinShortSide see {@code highFpsThreshold}
 * @param maxFps rates above this (100, 120) are halved until they fit
 */
public record LadderSettings(
    int maxRungs,
    List<Integer> standardHeights,
    int segmentSeconds,
    double bitsPerPixel,
    int minVideoKbps,
    int maxVideoKbps,
    int audioKbps,
    double highFpsThreshold,
    int highFpsMinShortSide,
    double maxFps) {

  public LadderSettings {
    if (maxRungs < 1) {
      throw new IllegalArgumentException("maxRungs must be at least 1");
    }
    if (segmentSeconds < 1) {
      throw new IllegalArgumentException("segmentSeconds must be at least 1");
    }
    if (bitsPerPixel <= 0 || minVideoKbps <= 0 || maxVideoKbps < minVideoKbps || audioKbps <= 0) {
      throw new IllegalArgumentException("bitrate settings must be positive and min <= max");
    }
    standardHeights =
        standardHeights.stream()
            .peek(
                h -> {
                  if (h < 2 || h % 2 != 0) {
                    throw new IllegalArgumentException("standard heights must be even: " + h);
                  }
                })
            .sorted(java.util.Comparator.reverseOrder())
            .distinct()
            .toList();
    if (standardHeights.isEmpty()) {
      throw new IllegalArgumentException("standardHeights must not be empty");
    }
  }

  /** 0.08 bpp is a common H.264 veryfast figure: 1080p30 ~ 5 Mbit/s, 360p30 ~ 550 kbit/s. */
  public static LadderSettings defaults() {
    return new LadderSettings(
        4,
        List.of(2160, 1440, 1080, 720, 540, 360, 240),
        4,
        0.08,
        150,
        20_000,
        128,
        48.0,
        720,
        60.0);
  }

  public LadderSettings withMaxRungs(int n) {
    return new LadderSettings(
        n,
        standardHeights,
        segmentSeconds,
        bitsPerPixel,
        minVideoKbps,
        maxVideoKbps,
        audioKbps,
        highFpsThreshold,
        highFpsMinShortSide,
        maxFps);
  }
}

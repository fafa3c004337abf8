package io.reel.transcode.plan;

/**
 * One H.264 rendition. Sizes are even (4:2:0); {@code gopFrames} spans exactly one segment.
 *
 * @param id the DASH representation id and HLS media playlist number, 0 = top
 */
public record Rung(
    int id,
    int width,
    int height,
    FrameRate fps,
    int videoBitrateKbps,
    int maxrateKbps,
    int bufsizeKbps,
    int gopFrames) {

  public int shortSide() {
    return Math.min(width, height);
  }
}

package io.reel.transcode.plan;

import java.util.List;
import java.util.Optional;

/**
 * What to encode: video rungs top-down (index 0 is the largest), at most one audio rung.
 *
 * @param displayWidth the source as shown (rotation and pixel aspect applied)
 * @param sourceFps the source's rate; rungs at another rate get an {@code fps} filter
 */
public record Ladder(
    List<Rung> video,
    Optional<AudioRung> audio,
    int displayWidth,
    int displayHeight,
    FrameRate sourceFps,
    double durationSeconds,
    int segmentSeconds) {

  public Ladder {
    video = List.copyOf(video);
    if (video.isEmpty()) {
      throw new IllegalArgumentException("a ladder has at least one video rung");
    }
  }

  public Rung top() {
    return video.get(0);
  }
}

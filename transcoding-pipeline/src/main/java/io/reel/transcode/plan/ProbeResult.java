package io.reel.transcode.plan;

import java.util.Optional;

/**
 * What the planner needs to know about a source, read from ffprobe.
 *
 * @param formatName ffprobe's container format name, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
 * @param durationSeconds container duration, or the video stream's when the container has none
 * @param videoDurationSeconds the video stream's own duration (shorter than the container's when
 *     the audio runs on), or the container's when the stream does not say
 */
public record ProbeResult(
    String formatName,
    double durationSeconds,
    Video video,
    Optional<Audio> audio,
    double videoDurationSeconds) {

  public ProbeResult(
      String formatName, double durationSeconds, Video video, Optional<Audio> audio) {
    this(formatName, durationSeconds, video, audio, durationSeconds);
  }

  /**
   * @param codedWidth stored frame width (ffprobe {@code width}, not the macroblock-padded {@code
   *     coded_width})
   * @param displayWidth width as shown: sample aspect ratio applied, then swapped with the height
   *     for a 90/270 degree rotation
   * @param rotation clockwise display rotation in degrees, normalised to 0, 90, 180 or 270
   */
  public record Video(
      String codec,
      int codedWidth,
      int codedHeight,
      int displayWidth,
      int displayHeight,
      int rotation,
      FrameRate frameRate,
      String pixelFormat) {

    public boolean portrait() {
      return displayHeight > displayWidth;
    }
  }

  public record Audio(String codec, int channels, int sampleRate) {}

  public boolean hasAudio() {
    return audio.isPresent();
  }
}

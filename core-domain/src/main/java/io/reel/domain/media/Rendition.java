package io.reel.domain.media;

/**
 * One rung of a packaged ladder (video) or the audio track. {@code height} is 0 for audio. Ids are
 * the DASH representation ids, which also name the segment files.
 */
public record Rendition(
    String id, String kind, int width, int height, double fps, int bitrateKbps, String codecs) {

  public static Rendition video(
      String id, int width, int height, double fps, int bitrateKbps, String codecs) {
    return new Rendition(id, "video", width, height, fps, bitrateKbps, codecs);
  }

  public static Rendition audio(String id, int bitrateKbps, String codecs) {
    return new Rendition(id, "audio", 0, 0, 0, bitrateKbps, codecs);
  }
}

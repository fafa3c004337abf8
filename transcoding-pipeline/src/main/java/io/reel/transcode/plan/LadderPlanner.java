package io.reel.transcode.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans the ABR ladder for a probed source.
 *
 * <p>Rules: the short side picks rungs, so portrait sources get portrait rungs; never upscale; the
 * top rung is the source capped at the largest standard height; other rungs are the standard
 * heights below it, spread evenly top-down when there are more than {@code maxRungs}; sizes follow
 * the display aspect ratio rounded to even numbers; bitrate {@code kbps = w * h * fps * bpp / 1000}
 * clamped, maxrate 1.5x, bufsize 2x; GOP = one segment of frames.
 */
public final class LadderPlanner {

  /**
   * A standard height this close to the top rung adds encode time but no visible step (e.g. 540
   * under a 562 source).
   */
  static final double MIN_STEP = 0.85;

  private LadderPlanner() {}

  public static Ladder plan(ProbeResult probe, LadderSettings settings) {
    int dw = probe.video().displayWidth();
    int dh = probe.video().displayHeight();
    int sourceShort = Math.min(dw, dh);
    List<Integer> standard = settings.standardHeights();

    int top = Math.min(evenFloor(sourceShort), standard.get(0));
    List<Integer> candidates = new ArrayList<>();
    candidates.add(top);
    for (int h : standard) {
      if (h < top && h <= top * MIN_STEP) {
        candidates.add(h);
      }
    }
    List<Integer> picked = spread(candidates, settings.maxRungs());

    FrameRate sourceFps = probe.video().frameRate();
    FrameRate capped = sourceFps;
    while (capped.value() > settings.maxFps()) {
      capped = capped.half();
    }
    List<Rung> rungs = new ArrayList<>();
    for (int i = 0; i < picked.size(); i++) {
      int s = picked.get(i);
      int w;
      int h;
      if (dw >= dh) {
        h = s;
        w = Math.min(evenRound((double) s * dw / dh), evenFloor(dw));
      } else {
        w = s;
        h = Math.min(evenRound((double) s * dh / dw), evenFloor(dh));
      }
      FrameRate fps = capped;
      if (fps.value() > settings.highFpsThreshold() && s < settings.highFpsMinShortSide()) {
        fps = fps.half();
      }
      long kbps = Math.round(w * (double) h * fps.value() * settings.bitsPerPixel() / 1000.0);
      int bitrate =
          (int) Math.max(settings.minVideoKbps(), Math.min(settings.maxVideoKbps(), kbps));
      int gop = (int) Math.max(1, Math.round(fps.value() * settings.segmentSeconds()));
      rungs.add(new Rung(i, w, h, fps, bitrate, (int) Math.round(bitrate * 1.5), bitrate * 2, gop));
    }
    Optional<AudioRung> audio =
        probe.hasAudio()
            ? Optional.of(new AudioRung(rungs.size(), settings.audioKbps(), 2, 48_000))
            : Optional.empty();
    return new Ladder(
        rungs, audio, dw, dh, sourceFps, probe.durationSeconds(), settings.segmentSeconds());
  }

  /**
   * Keeps the first (top) and, when there are too many, picks evenly spaced indexes down to the
   * smallest, so a 4K ladder still reaches phones on weak networks.
   */
  static List<Integer> spread(List<Integer> candidates, int max) {
    int m = candidates.size();
    if (m <= max) {
      return List.copyOf(candidates);
    }
    if (max == 1) {
      return List.of(candidates.get(0));
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      int idx = (int) Math.round(i * (m - 1) / (double) (max - 1));
      Integer v = candidates.get(idx);
      if (!out.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  static int evenFloor(int v) {
    return Math.max(2, v - (v % 2));
  }

  static int evenRound(double v) {
    return Math.max(2, (int) Math.round(v / 2.0) * 2);
  }
}

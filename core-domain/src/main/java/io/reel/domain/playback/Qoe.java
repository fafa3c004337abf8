package io.reel.domain.playback;

import io.reel.domain.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One quality-of-experience fact a player reports: {@code startup} (time to first frame in {@code
 * millis}), {@code rebuffer} (a stall of {@code millis}), {@code bitrate-switch} (to {@code
 * bitrateKbps} at {@code height}), {@code error} ({@code message}). Unused fields are 0 or null.
 */
public record Qoe(
    String kind, double positionSeconds, long millis, int bitrateKbps, int height, String message)
    implements CborSerializable {

  public static final Set<String> KINDS = Set.of("startup", "rebuffer", "bitrate-switch", "error");
  public static final int MAX_MESSAGE = 500;

  public List<String> violations() {
    List<String> v = new ArrayList<>();
    if (kind == null || !KINDS.contains(kind)) {
      v.add("qoe kind must be one of " + KINDS);
    }
    if (!(positionSeconds >= 0) || millis < 0 || bitrateKbps < 0 || height < 0) {
      v.add("qoe numbers must not be negative");
    }
    if (message != null && message.length() > MAX_MESSAGE) {
      v.add("qoe message must be at most " + MAX_MESSAGE + " characters");
    }
    return v;
  }
}

package io.reel.transcode.ffmpeg;

import java.util.Locale;
import java.util.regex.Pattern;

/** A CENC (cenc-aes-ctr) content key and its key id, each 16 bytes as 32 hex digits. */
public record Encryption(String kidHex, String keyHex) {

  private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

  public Encryption {
    kidHex = kidHex.toLowerCase(Locale.ROOT).replace("-", "");
    keyHex = keyHex.toLowerCase(Locale.ROOT);
    if (!HEX32.matcher(kidHex).matches()) {
      throw new IllegalArgumentException("kid must be 32 hex digits");
    }
    if (!HEX32.matcher(keyHex).matches()) {
      throw new IllegalArgumentException("key must be 32 hex digits");
    }
  }

  /** Never print the key: records would otherwise put it in logs. */
  @Override
  public String toString() {
    return "Encryption[kid=" + kidHex + ", key=<redacted>]";
  }

  /** The dash muxer passes these to its mp4 sub-muxer, which writes tenc/senc/saiz/saio. */
  String formatOptions() {
    return "encryption_scheme=cenc-aes-ctr:encryption_key=" + keyHex + ":encryption_kid=" + kidHex;
  }
}

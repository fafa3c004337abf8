package io.reel.origin.keys;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A CENC content key: a 16-byte key id (public, goes into manifests) and a 16-byte AES key (secret,
 * only for ffmpeg and the licence server). Arrays are copied in and out so the record stays
 * immutable.
 */
public record ContentKey(byte[] kid, byte[] key) {

  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  public ContentKey {
    if (kid == null || kid.length != 16) {
      throw new IllegalArgumentException("kid must be 16 bytes");
    }
    if (key == null || key.length != 16) {
      throw new IllegalArgumentException("key must be 16 bytes");
    }
    kid = kid.clone();
    key = key.clone();
  }

  public static ContentKey random() {
    byte[] kid = new byte[16];
    byte[] key = new byte[16];
    RANDOM.nextBytes(kid);
    RANDOM.nextBytes(key);
    return new ContentKey(kid, key);
  }

  /** From 32 hex digits each; a kid in UUID form (with dashes) is accepted too. */
  public static ContentKey ofHex(String kidHex, String keyHex) {
    return new ContentKey(parseHex(kidHex.replace("-", "")), parseHex(keyHex));
  }

  private static byte[] parseHex(String hex) {
    if (hex.length() != 32) {
      throw new IllegalArgumentException("expected 32 hex digits");
    }
    try {
      return HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected 32 hex digits", e);
    }
  }

  @Override
  public byte[] kid() {
    return kid.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  /** Lower-case, 32 digits: the form ffmpeg's {@code encryption_kid} and HLS {@code KEYID} take. */
  public String kidHex() {
    return HEX.formatHex(kid);
  }

  public String keyHex() {
    return HEX.formatHex(key);
  }

  /** Unpadded base64url: the form of a ClearKey licence's {@code kid}. */
  public String kidBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(kid);
  }

  /** Unpadded base64url: the form of a ClearKey licence's {@code k}. */
  public String keyBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /** 8-4-4-4-12 lower-case, the form of {@code cenc:default_KID}. */
  public String kidUuid() {
    String h = kidHex();
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-"
        + h.substring(12, 16)
        + "-"
        + h.substring(16, 20)
        + "-"
        + h.substring(20);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentKey other
        && Arrays.equals(kid, other.kid)
        && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(kid) + Arrays.hashCode(key);
  }

  /** Never prints the key: these objects end up in logs. */
  @Override
  public String toString() {
    return "ContentKey[kid=" + kidUuid() + ", key=<redacted>]";
  }
}

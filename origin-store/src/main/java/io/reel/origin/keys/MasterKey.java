package io.reel.origin.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that encrypts secrets at rest (content keys, signing keys, per-account data keys)
 * (AES-256-GCM, a fresh 96-bit nonce per key, the title and key id bound in as associated data so a
 * wrapped key cannot be moved to another title). It comes from config or {@code REEL_MASTER_KEY} as
 * base64 and is never logged; {@link #id()} names it so a rotation can tell which master wrapped a
 * row.
 */
public final class MasterKey {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String id;

  private MasterKey(byte[] raw) {
    this.key = new SecretKeySpec(raw, "AES");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
      this.id = HexFormat.of().formatHex(digest, 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a base64 (standard or url-safe) 256-bit key; says what is wrong without echoing it. */
  public static MasterKey parse(String base64) {
    if (base64 == null || base64.isBlank()) {
      throw new IllegalArgumentException(
          "no master key: set reel.keys.master-key or REEL_MASTER_KEY (32 random bytes, base64)");
    }
    byte[] raw;
    try {
      raw = Base64.getMimeDecoder().decode(base64.trim().replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the master key is not valid base64");
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException(
          "the master key must be 32 bytes (256 bits), got " + raw.length);
    }
    return new MasterKey(raw);
  }

  /** A new random master key, base64: what {@code ./reel run} generates on first start. */
  public static String generateBase64() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  public String id() {
    return id;
  }

  public byte[] wrap(byte[] contentKey, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(contentKey);
      return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot wrap a content key", e);
    }
  }

  /** Throws if the blob was not wrapped by this master key for this context (or was altered). */
  public byte[] unwrap(byte[] wrapped, String context) {
    if (wrapped.length <= NONCE_BYTES) {
      throw new IllegalArgumentException("wrapped key too short");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return c.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot unwrap a content key (wrong master key " + id + " or altered row)");
    }
  }

  /**
   * A 256-bit key for another purpose (HMAC-SHA256 of the master key over {@code info}, one HKDF
   * expand step), so one configured secret yields independent keys, e.g. the e-mail index's.
   */
  public byte[] derive(String info) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      mac.update(info.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(new byte[] {1});
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "MasterKey[" + id + "]";
  }
}

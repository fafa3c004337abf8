package io.reel.write.account;

import io.reel.domain.account.AccountId;
import io.reel.domain.account.Sealed;
import io.reel.origin.keys.MasterKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The cryptography shared by the vault implementations: data keys, their wrapping, sealing. */
final class DataKeyCipher {

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private DataKeyCipher() {}

  static String wrapContext(AccountId id) {
    return "reel-account-key:" + id;
  }

  private static byte[] aad(AccountId id) {
    return ("reel-account-data:" + id).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] newWrappedKey(MasterKey master, AccountId id) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return master.wrap(raw, wrapContext(id));
  }

  static Sealed seal(MasterKey master, AccountId id, byte[] wrappedKey, String plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE, key(master, id, wrappedKey), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad(id));
      byte[] body = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return Sealed.of(
          ByteBuffer.allocate(1 + NONCE_BYTES + body.length)
              .put(VERSION)
              .put(nonce)
              .put(body)
              .array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal personal data", e);
    }
  }

  /** Empty when the data does not open with this account's key (altered, or another account's). */
  static Optional<String> open(MasterKey master, AccountId id, byte[] wrappedKey, Sealed sealed) {
    byte[] b = sealed.bytes();
    if (b.length <= 1 + NONCE_BYTES || b[0] != VERSION) {
      return Optional.empty();
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          key(master, id, wrappedKey),
          new GCMParameterSpec(TAG_BITS, b, 1, NONCE_BYTES));
      c.updateAAD(aad(id));
      byte[] plain = c.doFinal(b, 1 + NONCE_BYTES, b.length - 1 - NONCE_BYTES);
      return Optional.of(new String(plain, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static SecretKeySpec key(MasterKey master, AccountId id, byte[] wrappedKey) {
    return new SecretKeySpec(master.unwrap(wrappedKey, wrapContext(id)), "AES");
  }
}

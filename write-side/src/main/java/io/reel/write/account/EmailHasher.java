package io.reel.write.account;

import io.reel.origin.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The e-mail index's key: HMAC-SHA256 of the normalized address under a key derived from the master
 * key, so the index and the journal hold no plaintext address and a stolen table cannot be reversed
 * with a dictionary without the master key.
 */
public final class EmailHasher {

  private final SecretKeySpec key;

  public EmailHasher(MasterKey master) {
    this.key = new SecretKeySpec(master.derive("reel-email-index"), "HmacSHA256");
  }

  /** Trimmed and lower-cased; no provider-specific folding (dots, plus tags) on purpose. */
  public static String normalize(String email) {
    return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
  }

  public String hash(String email) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of()
          .formatHex(mac.doFinal(normalize(email).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.reel.write.account;

import io.reel.domain.account.AccountId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The tokens in verification and reset links: {@code <accountId>.<32 random bytes, base64url>}. The
 * id routes the token to its account; only the SHA-256 of the whole token is stored (in the event),
 * so the journal alone cannot be used to act on a link.
 */
public final class MailTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private MailTokens() {}

  public static String newToken(AccountId id) {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return id.asString() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The account a token names; empty for anything malformed. */
  public static Optional<AccountId> accountOf(String token) {
    if (token == null || token.length() > 100) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    return dot <= 0 ? Optional.empty() : AccountId.parse(token.substring(0, dot));
  }
}

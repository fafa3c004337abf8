package io.reel.origin.token;

import io.reel.origin.ObjectKeys;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Playback tokens for the edge: {@code base64url(payload) "." base64url(HMAC-SHA256(payload))}. The
 * payload is {@code 1\nkeyId\nsessionId\naccountId\nprefix\nexpiresEpochSeconds} (version first, so
 * the format can change). A token grants read access to every object key under one prefix (a
 * title's package, e.g. {@code packages/42/v1-a1/}) until it expires. Stateless: the edge needs the
 * key ring, no database.
 *
 * <p>Several keys are accepted so keys can rotate without cutting off playing viewers: add the new
 * key, make it the signing key, drop the old one after the longest token lifetime.
 */
public final class EdgeTokens {

  /** Why a token was refused. The routes map every one of them to 403. */
  public enum Failure {
    MALFORMED,
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    EXPIRED,
    PATH_NOT_GRANTED
  }

  /** What a valid token says. */
  public record Grant(
      String keyId, String sessionId, String accountId, String prefix, long expiresAt) {}

  /** The outcome of {@link #verify}: a grant or the reason for refusing. */
  public sealed interface Verification {
    record Valid(Grant grant) implements Verification {}

    record Invalid(Failure failure) implements Verification {}
  }

  private static final String VERSION = "1";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_KEY_BYTES = 32;
  private static final int MAX_TOKEN_CHARS = 1024;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final Map<String, SecretKeySpec> keys;
  private final String signingKeyId;
  private final Clock clock;

  /**
   * @param keys key id to raw key (at least 32 bytes each)
   * @param signingKeyId the key that mints; blank means the greatest id
   */
  public EdgeTokens(Map<String, byte[]> keys, String signingKeyId, Clock clock) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no edge token keys configured (reel.edge.token-keys)");
    }
    Map<String, SecretKeySpec> ring = new TreeMap<>();
    keys.forEach(
        (id, raw) -> {
          if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("edge token key id '" + id + "' is not valid");
          }
          if (raw.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                "edge token key '" + id + "' is shorter than " + MIN_KEY_BYTES + " bytes");
          }
          ring.put(id, new SecretKeySpec(raw.clone(), ALGORITHM));
        });
    String signer =
        signingKeyId == null || signingKeyId.isBlank()
            ? ((TreeMap<String, SecretKeySpec>) ring).lastKey()
            : signingKeyId;
    if (!ring.containsKey(signer)) {
      throw new IllegalArgumentException("edge token signing key '" + signer + "' is not a key");
    }
    this.keys = Collections.unmodifiableMap(ring);
    this.signingKeyId = signer;
    this.clock = clock;
  }

  public String signingKeyId() {
    return signingKeyId;
  }

  /** A token for {@code prefix} (a key prefix ending in '/') valid for {@code ttl}. */
  public String mint(String sessionId, String accountId, String prefix, Duration ttl) {
    return mint(sessionId, accountId, prefix, clock.instant().plus(ttl));
  }

  public String mint(String sessionId, String accountId, String prefix, Instant expiresAt) {
    requireId("session id", sessionId);
    requireId("account id", accountId);
    if (!prefix.endsWith("/") || !ObjectKeys.isValid(prefix.substring(0, prefix.length() - 1))) {
      throw new IllegalArgumentException(
          "a token prefix is a valid object key prefix ending in '/', e.g. packages/42/v1-a1/");
    }
    String payload =
        String.join(
            "\n",
            VERSION,
            signingKeyId,
            sessionId,
            accountId,
            prefix,
            Long.toString(expiresAt.getEpochSecond()));
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(keys.get(signingKeyId), bytes));
  }

  /**
   * Checks the token's form, key, signature and expiry, then that {@code objectKey} lies under the
   * granted prefix. The key must already be a valid object key (the routes check it first).
   */
  public Verification verify(String token, String objectKey) {
    Verification v = verify(token);
    if (v instanceof Verification.Valid ok
        && (objectKey == null || !objectKey.startsWith(ok.grant().prefix()))) {
      return invalid(Failure.PATH_NOT_GRANTED);
    }
    return v;
  }

  /**
   * Checks the token's form, key, signature and expiry only: for the licence server, which then
   * checks the grant's session and title itself.
   */
  public Verification verify(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      return invalid(Failure.MALFORMED);
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.') || dot == token.length() - 1) {
      return invalid(Failure.MALFORMED);
    }
    byte[] payload;
    byte[] tag;
    try {
      payload = B64D.decode(token.substring(0, dot));
      tag = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException notBase64) {
      return invalid(Failure.MALFORMED);
    }
    String[] f = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
    if (f.length != 6 || !VERSION.equals(f[0])) {
      return invalid(Failure.MALFORMED);
    }
    SecretKeySpec key = keys.get(f[1]);
    if (key == null) {
      return invalid(Failure.UNKNOWN_KEY);
    }
    // Constant time: no timing oracle for forging a tag byte by byte.
    if (!MessageDigest.isEqual(mac(key, payload), tag)) {
      return invalid(Failure.BAD_SIGNATURE);
    }
    // Signed by us from here on, so the fields are as mint wrote them.
    long expiresAt;
    try {
      expiresAt = Long.parseLong(f[5]);
    } catch (NumberFormatException e) {
      return invalid(Failure.MALFORMED);
    }
    if (clock.instant().getEpochSecond() >= expiresAt) {
      return invalid(Failure.EXPIRED);
    }
    return new Verification.Valid(new Grant(f[1], f[2], f[3], f[4], expiresAt));
  }

  private static Verification invalid(Failure failure) {
    return new Verification.Invalid(failure);
  }

  private static void requireId(String what, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must match " + ID.pattern());
    }
  }

  private static byte[] mac(SecretKeySpec key, byte[] payload) {
    try {
      // Mac instances are not thread-safe and cheap to make next to the HMAC itself.
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}

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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Playback tokens for the edge: {@code base64url(payload) "." base64url(HMAC-SHA256(payload))}. The
 * payload is {@code 2\nkeyId\nsessionId\naccountId\nprefix\nexpiresEpochSeconds\nmaxHeight\n
 * renditions} (version first, so the format can change). A token grants read access to the object
 * keys under one prefix (a title's package, e.g. {@code packages/42/v1-a1/}) until it expires, and
 * of the package's rendition files ({@link PackageFiles}) only those of the listed renditions
 * ({@code *}: all of them). Stateless: the edge needs the key ring, no database.
 *
 * <p>Version 1 tokens (no rendition list, lifetimes of hours) are refused: they granted every
 * rendition of a package, which is what version 2 exists to stop.
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
    PATH_NOT_GRANTED,
    /** A rendition above the viewer's plan (or otherwise not listed in the token). */
    RENDITION_NOT_GRANTED
  }

  /**
   * What a valid token says.
   *
   * @param maxHeight the tallest video rendition the viewer may have (0: not limited)
   * @param renditions the rendition ids granted; empty means every rendition (a token minted
   *     without a list, e.g. by benchmarks)
   */
  public record Grant(
      String keyId,
      String sessionId,
      String accountId,
      String prefix,
      long expiresAt,
      int maxHeight,
      Set<String> renditions) {
    public Grant {
      renditions = Set.copyOf(renditions);
    }

    /** Is every rendition granted? */
    public boolean allRenditions() {
      return renditions.isEmpty();
    }

    public boolean allows(String renditionId) {
      return renditions.isEmpty() || renditions.contains(renditionId);
    }
  }

  /** The outcome of {@link #verify}: a grant or the reason for refusing. */
  public sealed interface Verification {
    record Valid(Grant grant) implements Verification {}

    record Invalid(Failure failure) implements Verification {}
  }

  private static final String VERSION = "2";
  private static final String ALL = "*";
  private static final Pattern RENDITION = Pattern.compile("[A-Za-z0-9]{1,16}");
  private static final int MAX_RENDITIONS = 64;
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

  /**
   * A token for every rendition under {@code prefix} (a key prefix ending in '/') valid for {@code
   * ttl}: for tools and benchmarks. Viewers get {@link #mint(String, String, String, Instant, int,
   * Set)} with their plan's renditions.
   */
  public String mint(String sessionId, String accountId, String prefix, Duration ttl) {
    return mint(sessionId, accountId, prefix, clock.instant().plus(ttl), 0, Set.of());
  }

  public String mint(String sessionId, String accountId, String prefix, Instant expiresAt) {
    return mint(sessionId, accountId, prefix, expiresAt, 0, Set.of());
  }

  /**
   * A token for the listed renditions under {@code prefix} until {@code expiresAt}.
   *
   * @param maxHeight the viewer's tallest allowed video height (the licence server releases keys by
   *     it); 0 for no limit
   * @param renditions rendition ids (letters and digits); empty grants every rendition
   */
  public String mint(
      String sessionId,
      String accountId,
      String prefix,
      Instant expiresAt,
      int maxHeight,
      Set<String> renditions) {
    if (maxHeight < 0) {
      throw new IllegalArgumentException("maxHeight must not be negative");
    }
    if (renditions.size() > MAX_RENDITIONS
        || !renditions.stream().allMatch(r -> RENDITION.matcher(r).matches())) {
      throw new IllegalArgumentException(
          "rendition ids are 1..16 letters or digits, at most " + MAX_RENDITIONS);
    }
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
            Long.toString(expiresAt.getEpochSecond()),
            Integer.toString(maxHeight),
            renditions.isEmpty() ? ALL : String.join(",", new TreeSet<>(renditions)));
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(keys.get(signingKeyId), bytes));
  }

  /**
   * Checks the token's form, key, signature and expiry, then that {@code objectKey} lies under the
   * granted prefix and, if it is a rendition's file, that the rendition is granted. The key must
   * already be a valid object key (the routes check it first).
   */
  public Verification verify(String token, String objectKey) {
    Verification v = verify(token);
    if (v instanceof Verification.Valid ok) {
      Grant g = ok.grant();
      if (objectKey == null || !objectKey.startsWith(g.prefix())) {
        return invalid(Failure.PATH_NOT_GRANTED);
      }
      var rendition = PackageFiles.renditionOf(objectKey.substring(g.prefix().length()));
      if (rendition.isPresent() && !g.allows(rendition.get())) {
        return invalid(Failure.RENDITION_NOT_GRANTED);
      }
    }
    return v;
  }

  /**
   * Checks the token's form, key, signature and expiry only: for the licence server, which then
   * checks the grant's session and title itself.
   */
  public Verification verify(String token) {
    Verification v = verifyIgnoringExpiry(token);
    if (v instanceof Verification.Valid ok
        && clock.instant().getEpochSecond() >= ok.grant().expiresAt()) {
      return invalid(Failure.EXPIRED);
    }
    return v;
  }

  /**
   * Checks form, key and signature but not expiry: for renewing a session's token, where the
   * session's liveness (not the old token's age) decides. Never use it to hand out content.
   */
  public Verification verifyIgnoringExpiry(String token) {
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
    if (f.length != 8 || !VERSION.equals(f[0])) {
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
    int maxHeight;
    try {
      expiresAt = Long.parseLong(f[5]);
      maxHeight = Integer.parseInt(f[6]);
    } catch (NumberFormatException e) {
      return invalid(Failure.MALFORMED);
    }
    Set<String> renditions = f[7].equals(ALL) ? Set.of() : Set.of(f[7].split(","));
    return new Verification.Valid(
        new Grant(f[1], f[2], f[3], f[4], expiresAt, maxHeight, renditions));
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

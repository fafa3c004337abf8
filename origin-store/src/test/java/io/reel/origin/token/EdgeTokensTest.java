package io.reel.origin.token;

import static org.junit.jupiter.api.Assertions.*;

import io.reel.origin.token.EdgeTokens.Failure;
import io.reel.origin.token.EdgeTokens.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdgeTokensTest {

  static final byte[] K1 = bytes(1);
  static final byte[] K2 = bytes(2);
  static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String PREFIX = "packages/42/v1-a1/";
  static final String KEY = "packages/42/v1-a1/video-1080/seg-3.m4s";

  static byte[] bytes(int seed) {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return b;
  }

  final EdgeTokens tokens = new EdgeTokens(Map.of("k1", K1), "", CLOCK);

  static Failure failureOf(Verification v) {
    assertInstanceOf(Verification.Invalid.class, v, "expected a refusal");
    return ((Verification.Invalid) v).failure();
  }

  @Test
  void aMintedTokenGrantsItsPrefixAndCarriesItsClaims() {
    String t = tokens.mint("sess-1", "acct-7", PREFIX, Duration.ofHours(1));
    assertTrue(t.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), t);
    var v = assertInstanceOf(Verification.Valid.class, tokens.verify(t, KEY));
    assertEquals(
        new EdgeTokens.Grant(
            "k1",
            "sess-1",
            "acct-7",
            PREFIX,
            NOW.plus(Duration.ofHours(1)).getEpochSecond(),
            0,
            Set.of()),
        v.grant());
    assertInstanceOf(Verification.Valid.class, tokens.verify(t, PREFIX + "master.m3u8"));
  }

  @Test
  void aTamperedPayloadIsABadSignature() {
    String t = tokens.mint("sess-1", "acct-7", PREFIX, Duration.ofHours(1));
    String payload =
        new String(
            Base64.getUrlDecoder().decode(t.substring(0, t.indexOf('.'))), StandardCharsets.UTF_8);
    String forged =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    payload.replace(PREFIX, "packages/").getBytes(StandardCharsets.UTF_8))
            + t.substring(t.indexOf('.'));
    assertEquals(Failure.BAD_SIGNATURE, failureOf(tokens.verify(forged, "packages/43/x/y.m4s")));
  }

  @Test
  void aTamperedMacIsABadSignature() {
    String t = tokens.mint("sess-1", "acct-7", PREFIX, Duration.ofHours(1));
    int last = t.length() - 2; // not the final char, whose low bits base64url may ignore
    char c = t.charAt(last) == 'A' ? 'B' : 'A';
    String forged = t.substring(0, last) + c + t.substring(last + 1);
    assertEquals(Failure.BAD_SIGNATURE, failureOf(tokens.verify(forged, KEY)));
  }

  @Test
  void aTokenExpiresAtItsExpiry() {
    String t = tokens.mint("s", "a", PREFIX, NOW.plusSeconds(60));
    assertInstanceOf(Verification.Valid.class, tokens.verify(t, KEY));
    var later =
        new EdgeTokens(Map.of("k1", K1), "", Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
    assertEquals(Failure.EXPIRED, failureOf(later.verify(t, KEY)));
  }

  @Test
  void aKeyOutsideThePrefixIsNotGranted() {
    String t = tokens.mint("s", "a", PREFIX, Duration.ofHours(1));
    assertEquals(
        Failure.PATH_NOT_GRANTED, failureOf(tokens.verify(t, "packages/43/v1-a1/master.m3u8")));
    // A sibling whose name merely starts the same is not under the prefix.
    assertEquals(
        Failure.PATH_NOT_GRANTED, failureOf(tokens.verify(t, "packages/42/v1-a10/master.m3u8")));
    assertEquals(Failure.PATH_NOT_GRANTED, failureOf(tokens.verify(t, "packages/42/v1-a1")));
  }

  @Test
  void aTokenFromAnUnknownKeyIsRefused() {
    var other = new EdgeTokens(Map.of("k9", K2), "", CLOCK);
    String t = other.mint("s", "a", PREFIX, Duration.ofHours(1));
    assertEquals(Failure.UNKNOWN_KEY, failureOf(tokens.verify(t, KEY)));
  }

  @Test
  void aSameNamedKeyWithOtherBytesIsABadSignature() {
    var impostor = new EdgeTokens(Map.of("k1", K2), "", CLOCK);
    String t = impostor.mint("s", "a", PREFIX, Duration.ofHours(1));
    assertEquals(Failure.BAD_SIGNATURE, failureOf(tokens.verify(t, KEY)));
  }

  @Test
  void afterRotationTheNewestKeyMintsAndTheOldKeysTokensStillPass() {
    String old = tokens.mint("s", "a", PREFIX, Duration.ofHours(1));
    var rotated = new EdgeTokens(Map.of("2026-11", K1, "2026-12", K2), "", CLOCK);
    assertEquals("2026-12", rotated.signingKeyId());
    var ring = new EdgeTokens(Map.of("k1", K1, "k2", K2), "k2", CLOCK);
    assertInstanceOf(Verification.Valid.class, ring.verify(old, KEY));
    String fresh = ring.mint("s", "a", PREFIX, Duration.ofHours(1));
    var v = assertInstanceOf(Verification.Valid.class, ring.verify(fresh, KEY));
    assertEquals("k2", v.grant().keyId());
    // The edge that only knows the old key does not accept the new key's tokens.
    assertEquals(Failure.UNKNOWN_KEY, failureOf(tokens.verify(fresh, KEY)));
  }

  @Test
  void garbageIsMalformed() {
    for (String g :
        new String[] {
          "",
          "abc",
          ".",
          "a.",
          ".b",
          "a.b.c",
          "!!!.???",
          "eyJhbGciOi.",
          "bm9uc2Vuc2U.AAAA",
          "x".repeat(5000)
        }) {
      assertEquals(Failure.MALFORMED, failureOf(tokens.verify(g, KEY)), g);
    }
    assertEquals(Failure.MALFORMED, failureOf(tokens.verify(null, KEY)));
  }

  @Test
  void badKeysAndClaimsAreRefusedAtConstruction() {
    assertThrows(IllegalArgumentException.class, () -> new EdgeTokens(Map.of(), "", CLOCK));
    assertThrows(
        IllegalArgumentException.class, () -> new EdgeTokens(Map.of("k", new byte[16]), "", CLOCK));
    assertThrows(
        IllegalArgumentException.class, () -> new EdgeTokens(Map.of("k1", K1), "k2", CLOCK));
    assertThrows(
        IllegalArgumentException.class,
        () -> tokens.mint("s", "a", "packages/42/v1-a1", Duration.ofHours(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> tokens.mint("s", "a", "packages/../x/", Duration.ofHours(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> tokens.mint("s\nx", "a", PREFIX, Duration.ofHours(1)));
  }

  @Test
  void aTokenForSomeRenditionsRefusesTheFilesOfTheOthers() {
    // A 720p viewer of a package whose rendition 0 is 1080p: 1, 2 (video) and 3 (audio) only.
    String t = tokens.mint("s", "a", PREFIX, NOW.plusSeconds(120), 720, Set.of("1", "2", "3"));
    var v = assertInstanceOf(Verification.Valid.class, tokens.verify(t, PREFIX + "master.m3u8"));
    assertEquals(720, v.grant().maxHeight());
    assertEquals(Set.of("1", "2", "3"), v.grant().renditions());
    for (String granted :
        new String[] {
          "init-1.m4s", "seg-2-00004.m4s", "media_3.m3u8", "manifest.mpd", "poster.jpg"
        }) {
      assertInstanceOf(Verification.Valid.class, tokens.verify(t, PREFIX + granted), granted);
    }
    for (String taller : new String[] {"init-0.m4s", "seg-0-00001.m4s", "media_0.m3u8"}) {
      assertEquals(
          Failure.RENDITION_NOT_GRANTED, failureOf(tokens.verify(t, PREFIX + taller)), taller);
    }
    // Neither a longer id that starts the same nor a rendition id smuggled elsewhere passes.
    assertEquals(
        Failure.RENDITION_NOT_GRANTED, failureOf(tokens.verify(t, PREFIX + "seg-10-00001.m4s")));
  }

  @Test
  void anExpiredTokenCanStillBeReadForRenewalButGrantsNothing() {
    String t = tokens.mint("s", "a", PREFIX, NOW.minusSeconds(1), 720, Set.of("1"));
    assertEquals(Failure.EXPIRED, failureOf(tokens.verify(t, PREFIX + "init-1.m4s")));
    var v = assertInstanceOf(Verification.Valid.class, tokens.verifyIgnoringExpiry(t));
    assertEquals("s", v.grant().sessionId());
    // Forgery is still forgery.
    String forged =
        t.substring(0, t.length() - 2)
            + (t.charAt(t.length() - 2) == 'A' ? "B" : "A")
            + t.substring(t.length() - 1);
    assertEquals(Failure.BAD_SIGNATURE, failureOf(tokens.verifyIgnoringExpiry(forged)));
  }

  @Test
  void aVersionOneTokenIsRefused() {
    // The old format granted every rendition for hours: no longer accepted.
    String payload = "1\nk1\ns\na\n" + PREFIX + "\n" + NOW.plusSeconds(3600).getEpochSecond();
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    String t;
    try {
      var mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(K1, "HmacSHA256"));
      var b64 = Base64.getUrlEncoder().withoutPadding();
      t = b64.encodeToString(bytes) + "." + b64.encodeToString(mac.doFinal(bytes));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
    assertEquals(Failure.MALFORMED, failureOf(tokens.verify(t, KEY)));
  }
}

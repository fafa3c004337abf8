package io.reel.write.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Access tokens: what verifies, and every way a forged or stale one must not. */
class JwtTokensAccessTest {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private AuthFixture f;
  private String token;
  private SigningKey key;

  @BeforeEach
  void setUp() {
    f = new AuthFixture();
    token = f.issue("acc-1").accessToken();
    key = f.keys.signingKey().toCompletableFuture().join();
  }

  @Test
  void roundTrip() {
    Tokens.AccessClaims claims = f.tokens.verify(token).orElseThrow();
    assertEquals("acc-1", claims.accountId());
    assertEquals(AuthFixture.T0.plus(Duration.ofMinutes(10)), claims.expiresAt());
    assertFalse(claims.tokenId().isBlank());
    assertNotEquals(
        claims.tokenId(), f.tokens.verify(f.issue("acc-1").accessToken()).orElseThrow().tokenId());
  }

  @Test
  void headerAndClaimsAreWhatWeSay() throws Exception {
    SignedJWT jwt = SignedJWT.parse(token);
    assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
    assertEquals(key.kid(), jwt.getHeader().getKeyID());
    assertEquals("https://reel.test", jwt.getJWTClaimsSet().getIssuer());
    assertEquals(java.util.List.of("reel-api"), jwt.getJWTClaimsSet().getAudience());
    assertEquals("acc-1", jwt.getJWTClaimsSet().getSubject());
    assertEquals(Date.from(AuthFixture.T0), jwt.getJWTClaimsSet().getIssueTime());
  }

  @Test
  void handSignedControlTokenVerifies() throws Exception {
    // Proves the helper below makes tokens the service accepts, so the rejections are meaningful.
    assertTrue(
        f.tokens.verify(sign(header(key.kid()).build(), claims().build(), key.jwk())).isPresent());
  }

  @Test
  void tamperedPayloadIsRejected() {
    String[] parts = token.split("\\.");
    String payload = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
    String forged = payload.replace("\"acc-1\"", "\"acc-2\"");
    assertNotEquals(payload, forged);
    String tampered =
        parts[0]
            + "."
            + B64.encodeToString(forged.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertTrue(f.tokens.verify(tampered).isEmpty());
  }

  @Test
  void tamperedSignatureIsRejected() {
    String[] parts = token.split("\\.");
    byte[] sig = B64D.decode(parts[2]);
    sig[10] ^= 0x01;
    assertTrue(
        f.tokens.verify(parts[0] + "." + parts[1] + "." + B64.encodeToString(sig)).isEmpty());
    assertTrue(f.tokens.verify(parts[0] + "." + parts[1] + ".").isEmpty());
  }

  @Test
  void algNoneIsRejected() {
    String payload = token.split("\\.")[1];
    for (String header :
        new String[] {
          "{\"alg\":\"none\"}",
          "{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid() + "\"}",
          "{\"alg\":\"None\",\"typ\":\"at+jwt\",\"kid\":\"" + key.kid() + "\"}"
        }) {
      String h = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8));
      assertTrue(f.tokens.verify(h + "." + payload + ".").isEmpty(), header);
      assertTrue(
          f.tokens.verify(h + "." + payload + "." + token.split("\\.")[2]).isEmpty(), header);
    }
  }

  @Test
  void hs256SignedWithThePublicKeyIsRejected() throws Exception {
    ECKey pub = key.publicJwk();
    byte[][] secrets = {
      pub.toECPublicKey().getEncoded(),
      pub.toJSONString().getBytes(StandardCharsets.UTF_8),
      f.keys.jwksJson().getBytes(StandardCharsets.UTF_8)
    };
    for (byte[] secret : secrets) {
      JWSHeader header =
          new JWSHeader.Builder(JWSAlgorithm.HS256)
              .type(new JOSEObjectType("at+jwt"))
              .keyID(key.kid())
              .build();
      SignedJWT jwt = new SignedJWT(header, claims().build());
      jwt.sign(new MACSigner(secret));
      assertTrue(f.tokens.verify(jwt.serialize()).isEmpty());
    }
  }

  @Test
  void expiredIsRejectedAfterTheSkew() {
    f.clock.advance(Duration.ofMinutes(10).plusSeconds(29));
    assertTrue(f.tokens.verify(token).isPresent(), "within the clock skew");
    f.clock.advance(Duration.ofSeconds(1));
    assertTrue(f.tokens.verify(token).isEmpty());
  }

  @Test
  void notYetValidIsRejected() throws Exception {
    Instant future = AuthFixture.T0.plus(Duration.ofMinutes(5));
    String nbf =
        sign(
            header(key.kid()).build(),
            claims().notBeforeTime(Date.from(future)).build(),
            key.jwk());
    assertTrue(f.tokens.verify(nbf).isEmpty());
    String iat =
        sign(header(key.kid()).build(), claims().issueTime(Date.from(future)).build(), key.jwk());
    assertTrue(f.tokens.verify(iat).isEmpty());
    f.clock.advance(Duration.ofMinutes(5));
    assertTrue(f.tokens.verify(nbf).isPresent());
  }

  @Test
  void wrongAudienceOrIssuerIsRejected() {
    Tokens otherAudience =
        f.withSettings(AuthFixture.settings("https://reel.test", "other-api", Optional.empty()));
    Tokens otherIssuer =
        f.withSettings(AuthFixture.settings("https://evil.test", "reel-api", Optional.empty()));
    String aud = otherAudience.issue("acc-1").toCompletableFuture().join().accessToken();
    String iss = otherIssuer.issue("acc-1").toCompletableFuture().join().accessToken();
    assertTrue(otherAudience.verify(aud).isPresent(), "control: valid for its own audience");
    assertTrue(f.tokens.verify(aud).isEmpty());
    assertTrue(f.tokens.verify(iss).isEmpty());
    assertTrue(otherAudience.verify(token).isEmpty());
  }

  @Test
  void missingClaimsOrWrongTypeAreRejected() throws Exception {
    assertTrue(
        f.tokens
            .verify(sign(header(key.kid()).type(null).build(), claims().build(), key.jwk()))
            .isEmpty());
    assertTrue(
        f.tokens
            .verify(
                sign(
                    header(key.kid()).type(JOSEObjectType.JWT).build(),
                    claims().build(),
                    key.jwk()))
            .isEmpty());
    assertTrue(
        f.tokens
            .verify(sign(header(key.kid()).build(), claims().subject(null).build(), key.jwk()))
            .isEmpty());
    assertTrue(
        f.tokens
            .verify(
                sign(header(key.kid()).build(), claims().expirationTime(null).build(), key.jwk()))
            .isEmpty());
    assertTrue(
        f.tokens
            .verify(sign(header(key.kid()).build(), claims().jwtID(null).build(), key.jwk()))
            .isEmpty());
    // No session: it could never be revoked, so it is not accepted.
    assertTrue(
        f.tokens
            .verify(sign(header(key.kid()).build(), claims().claim("sid", null).build(), key.jwk()))
            .isEmpty());
  }

  @Test
  void unknownKidIsRejected() throws Exception {
    SigningKey stranger = SigningKeys.generate(99, AuthFixture.T0);
    assertTrue(
        f.tokens
            .verify(sign(header(stranger.kid()).build(), claims().build(), stranger.jwk()))
            .isEmpty());
    // Our kid on a stranger's signature, and no kid at all.
    assertTrue(
        f.tokens
            .verify(sign(header(key.kid()).build(), claims().build(), stranger.jwk()))
            .isEmpty());
    assertTrue(f.tokens.verify(sign(header(null).build(), claims().build(), key.jwk())).isEmpty());
  }

  @Test
  void garbageNeverThrows() {
    // The genuine token is remembered once verified: nothing near it may ride on that.
    assertTrue(f.tokens.verify(token).isPresent());
    for (String s : new String[] {null, "", ".", "..", "a.b.c", "x".repeat(10_000), token + "x"}) {
      assertTrue(f.tokens.verify(s).isEmpty());
    }
  }

  private static JWSHeader.Builder header(String kid) {
    return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt")).keyID(kid);
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer("https://reel.test")
        .audience("reel-api")
        .subject("acc-1")
        .jwtID("j-1")
        .claim("sid", "00000000-0000-0000-0000-000000000001")
        .issueTime(Date.from(AuthFixture.T0))
        .expirationTime(Date.from(AuthFixture.T0.plus(Duration.ofMinutes(10))));
  }

  private static String sign(JWSHeader header, JWTClaimsSet claims, ECKey key) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }
}

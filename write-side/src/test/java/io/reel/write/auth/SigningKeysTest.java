package io.reel.write.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.reel.origin.keys.MasterKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key rotation across nodes, retention, the JWKS, and the stored form of a key. */
class SigningKeysTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuthFixture f;

  @BeforeEach
  void setUp() {
    f = new AuthFixture();
  }

  @Test
  void rotationKeepsOldKeysUntilTheirTokensHaveExpired() throws Exception {
    String a = f.issue("acc-1").accessToken();
    String kid1 = kid(a);
    SigningKey key1 = f.keys.signingKey().toCompletableFuture().join();
    // A token of key 1 that would outlive retention if the key were kept too long.
    String longLived = signLongLived(key1);
    assertTrue(f.tokens.verify(longLived).isPresent(), "control");

    f.clock.advance(Duration.ofHours(24));
    String b = f.issue("acc-1").accessToken();
    // The new key exists (and is published) but does not sign until every node has loaded it.
    assertEquals(kid1, kid(b));
    assertEquals(2, f.keyStore.loadAll().toCompletableFuture().join().size());

    f.clock.advance(Duration.ofMinutes(1));
    String c = f.issue("acc-1").accessToken();
    String kid2 = kid(c);
    assertNotEquals(kid1, kid2);
    assertTrue(f.tokens.verify(b).isPresent(), "old key still verifies its tokens");
    assertTrue(f.tokens.verify(c).isPresent());
    assertEquals(List.of(kid2, kid1), jwksKids());

    // Retention ends at key 2's creation + refresh interval + access ttl + skew (= +11m30s).
    f.clock.advance(Duration.ofMinutes(10).plusSeconds(29));
    assertTrue(f.tokens.verify(longLived).isPresent(), "still inside retention");
    f.clock.advance(Duration.ofSeconds(1));
    assertTrue(f.tokens.verify(longLived).isEmpty(), "key 1 is retired");
    assertTrue(f.tokens.verify(b).isEmpty());
    String d = f.issue("acc-1").accessToken();
    assertEquals(kid2, kid(d));
    assertTrue(f.tokens.verify(d).isPresent());
    assertEquals(List.of(kid2), jwksKids());

    // A refresh interval later the retired key is deleted from the store.
    f.clock.advance(Duration.ofMinutes(1));
    f.keys.reload().toCompletableFuture().join();
    List<String> stored = new ArrayList<>();
    f.keyStore.loadAll().toCompletableFuture().join().forEach(k -> stored.add(k.kid()));
    assertEquals(List.of(kid2), stored);
  }

  @Test
  void concurrentRotationsOnTwoNodesConvergeOnOneKey() {
    SigningKeys nodeA = f.keys;
    SigningKeys nodeB = new SigningKeys(f.keyStore, f.settings, f.clock);
    SigningKey first = nodeA.signingKey().toCompletableFuture().join();
    assertEquals(first.kid(), nodeB.signingKey().toCompletableFuture().join().kid());

    f.clock.advance(Duration.ofHours(24));
    // B loads before A rotates, so B also sees generation 1 as due and tries to rotate.
    nodeB.reload().toCompletableFuture().join();
    nodeA.signingKey().toCompletableFuture().join();
    nodeB.signingKey().toCompletableFuture().join();

    List<SigningKey> stored = f.keyStore.loadAll().toCompletableFuture().join();
    assertEquals(2, stored.size());
    f.clock.advance(Duration.ofMinutes(1));
    String a = nodeA.signingKey().toCompletableFuture().join().kid();
    String b = nodeB.signingKey().toCompletableFuture().join().kid();
    assertEquals(a, b);
    assertNotEquals(first.kid(), a);
  }

  @Test
  void aNodeFindsAKeyAnotherNodeCreated() {
    SigningKeys nodeB = new SigningKeys(f.keyStore, f.settings, f.clock);
    JwtTokens verifierOnB = new JwtTokens(f.settings, nodeB, f.refreshStore, f.clock);
    String token = f.issue("acc-1").accessToken();
    // B has never loaded: the unknown kid triggers a reload; the next call finds the key.
    verifierOnB.verify(token);
    assertTrue(verifierOnB.verify(token).isPresent());
  }

  @Test
  void jwksHasPublicPartsOnly() throws Exception {
    f.issue("acc-1");
    JsonNode keys = JSON.readTree(f.keys.jwksJson()).get("keys");
    assertEquals(1, keys.size());
    JsonNode k = keys.get(0);
    assertEquals("EC", k.get("kty").asText());
    assertEquals("P-256", k.get("crv").asText());
    assertEquals("sig", k.get("use").asText());
    assertEquals("ES256", k.get("alg").asText());
    assertTrue(k.hasNonNull("kid") && k.hasNonNull("x") && k.hasNonNull("y"));
    assertFalse(k.has("d"));
    assertFalse(f.keys.signingKey().toCompletableFuture().join().toString().contains("\"d\""));
  }

  @Test
  void storedFormWrapsThePrivateKeyBoundToItsKid() throws Exception {
    MasterKey master = MasterKey.parse(MasterKey.generateBase64());
    SigningKey key = SigningKeys.generate(3, AuthFixture.T0);
    byte[] pub = key.jwk().toECPublicKey().getEncoded();
    byte[] wrapped = CassandraSigningKeyStore.wrapPrivate(master, key);

    SigningKey back =
        CassandraSigningKeyStore.unwrapKey(master, 3, key.kid(), AuthFixture.T0, pub, wrapped);
    assertEquals(key.jwk().toECPrivateKey().getS(), back.jwk().toECPrivateKey().getS());
    assertEquals(key.kid(), back.kid());

    SigningKey other = SigningKeys.generate(4, AuthFixture.T0);
    byte[] otherPub = other.jwk().toECPublicKey().getEncoded();
    // Another row's kid, a swapped public key, another master key: all refused.
    assertThrows(
        IllegalStateException.class,
        () ->
            CassandraSigningKeyStore.unwrapKey(
                master, 3, other.kid(), AuthFixture.T0, pub, wrapped));
    assertThrows(
        IllegalStateException.class,
        () ->
            CassandraSigningKeyStore.unwrapKey(
                master, 3, key.kid(), AuthFixture.T0, otherPub, wrapped));
    MasterKey otherMaster = MasterKey.parse(MasterKey.generateBase64());
    assertThrows(
        IllegalStateException.class,
        () ->
            CassandraSigningKeyStore.unwrapKey(
                otherMaster, 3, key.kid(), AuthFixture.T0, pub, wrapped));
  }

  private List<String> jwksKids() throws Exception {
    List<String> kids = new ArrayList<>();
    JSON.readTree(f.keys.jwksJson()).get("keys").forEach(k -> kids.add(k.get("kid").asText()));
    return kids;
  }

  private static String kid(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  private static String signLongLived(SigningKey key) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(key.kid())
                .build(),
            new JWTClaimsSet.Builder()
                .issuer("https://reel.test")
                .audience("reel-api")
                .subject("acc-1")
                .jwtID("long")
                .claim("sid", "00000000-0000-0000-0000-000000000001")
                .issueTime(Date.from(AuthFixture.T0))
                .expirationTime(Date.from(AuthFixture.T0.plus(Duration.ofDays(7))))
                .build());
    jwt.sign(new ECDSASigner(key.jwk()));
    return jwt.serialize();
  }
}

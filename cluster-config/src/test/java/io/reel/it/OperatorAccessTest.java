package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, operators are a role, tried as an attacker would: every admin route without a token,
 * with a viewer's token, with forged tokens (a self-signed "operator" claim, alg=none, the claim
 * pasted into a real token), with a signed-out operator's token; then what an operator may do and
 * that each action is recorded with who did it.
 */
class OperatorAccessTest {

  private static TestNode node;
  private static String keyspace;
  private static String base;

  /** One of each kind of admin route, with a body where it takes one. */
  private static final List<String[]> ADMIN =
      List.of(
          new String[] {"POST", "/admin/titles", "{\"title\":\"Mine now\",\"year\":2026}"},
          new String[] {"GET", "/admin/titles/123456789", null},
          new String[] {"PUT", "/admin/titles/123456789", "{\"title\":\"X\",\"year\":2026}"},
          new String[] {"POST", "/admin/titles/123456789/publish", ""},
          new String[] {"POST", "/admin/titles/123456789/retire", ""},
          new String[] {"PUT", "/admin/titles/123456789/source", "not a video"},
          new String[] {"DELETE", "/admin/titles/123456789/transcode", null},
          new String[] {"GET", "/admin/titles/123456789/transcode/log", null},
          new String[] {"GET", "/admin/titles/123456789/watch", null},
          new String[] {"POST", "/admin/imports?source=evil", "{\"title\":\"X\",\"year\":1}"},
          new String[] {"POST", "/admin/operators", "{\"email\":\"me@evil.test\"}"},
          new String[] {"GET", "/admin/audit", null},
          new String[] {"GET", "/admin/search", null},
          new String[] {"POST", "/admin/search/rebuild", ""},
          new String[] {"GET", "/admin/no-such-route", null});

  @BeforeAll
  static void start() {
    keyspace = TestInfra.freshKeyspace(OperatorAccessTest.class);
    node = TestNode.start(keyspace, TestInfra.freshTopic("operators"));
    base = node.baseUrl();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void noTokenGets401OnEveryAdminRoute() {
    for (String[] r : ADMIN) {
      Http.Response answer = Viewer.send(base, r[0], r[1], r[2], null);
      assertEquals(401, answer.status(), r[0] + " " + r[1] + ": " + answer.body());
      assertTrue(answer.contentType().startsWith("application/problem+json"), r[1]);
    }
  }

  @Test
  void aViewerGets403OnEveryAdminRoute() throws Exception {
    Viewer viewer = Viewer.signUp(base, outbox(), "viewer-403@example.com");
    for (String[] r : ADMIN) {
      Http.Response answer = viewer.send(r[0], r[1], r[2]);
      assertEquals(403, answer.status(), r[0] + " " + r[1] + ": " + answer.body());
    }
  }

  @Test
  void forgedOperatorTokensGet401() throws Exception {
    Viewer viewer = Viewer.signUp(base, outbox(), "forger@example.com");
    String real = viewer.accessToken();
    String[] parts = real.split("\\.");
    JsonNode claims = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));

    // 1. The viewer's own token with "roles":["operator"] pasted into its payload.
    String payload = claims.toString().replace("\"roles\":[]", "\"roles\":[\"operator\"]");
    assertTrue(payload.contains("operator"), payload);
    String pasted =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    // 2. A token the attacker signed with a key of their own, claiming the role and a session.
    ECKey own = new ECKeyGenerator(Curve.P_256).keyID(header(real).get("kid").asText()).generate();
    SignedJWT selfSigned =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID(own.getKeyID())
                .build(),
            new JWTClaimsSet.Builder()
                .issuer(claims.get("iss").asText())
                .audience(
                    claims.get("aud").isArray()
                        ? claims.get("aud").get(0).asText()
                        : claims.get("aud").asText())
                .subject(claims.get("sub").asText())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .claim("sid", claims.get("sid").asText())
                .claim("roles", List.of("operator"))
                .build());
    selfSigned.sign(new ECDSASigner(own));
    // 3. alg=none with the role.
    String none = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + b64(payload) + ".";

    for (String forged : List.of(pasted, selfSigned.serialize(), none)) {
      Http.Response answer =
          Viewer.send(
              base, "POST", "/admin/titles", "{\"title\":\"Forged\",\"year\":2026}", forged);
      assertEquals(401, answer.status(), answer.body());
    }
  }

  @Test
  void operatorsActAreRecordedAndCanGrantAndRevokeTheRole() throws Exception {
    String operator = node.operatorToken();
    Http.Response created =
        Viewer.send(
            base, "POST", "/admin/titles", "{\"title\":\"By the book\",\"year\":2026}", operator);
    assertEquals(201, created.status(), created.body());
    String operatorId = claims(operator).get("sub").asText();

    // The action is on record with who did it.
    Eventually.assertThat(
        () -> {
          Http.Response audit = Viewer.send(base, "GET", "/admin/audit?limit=50", null, operator);
          assertEquals(200, audit.status(), audit.body());
          boolean found = false;
          for (JsonNode a : audit.json().get("actions")) {
            found |=
                a.get("accountId").asText().equals(operatorId)
                    && a.get("method").asText().equals("POST")
                    && a.get("path").asText().equals("/admin/titles")
                    && a.get("status").asInt() == 201;
          }
          assertTrue(found, audit.body());
        });

    // Granting the role: the viewer's next token carries it; the old one still does not.
    Viewer promoted = Viewer.signUp(base, outbox(), "promoted@example.com");
    assertEquals(
        204,
        Viewer.send(
                base, "POST", "/admin/operators", "{\"email\":\"promoted@example.com\"}", operator)
            .status());
    assertEquals(403, promoted.send("GET", "/admin/audit", null).status());
    String promotedToken = signIn("promoted@example.com").get("accessToken").asText();
    assertEquals(200, Viewer.send(base, "GET", "/admin/audit", null, promotedToken).status());

    // An operator cannot revoke itself; another can, and that ends its sessions at once.
    String promotedId = claims(promotedToken).get("sub").asText();
    assertEquals(
        409,
        Viewer.send(base, "DELETE", "/admin/operators/" + promotedId, null, promotedToken)
            .status());
    assertEquals(
        204,
        Viewer.send(base, "DELETE", "/admin/operators/" + promotedId, null, operator).status());
    assertEquals(401, Viewer.send(base, "GET", "/admin/audit", null, promotedToken).status());
    String again = signIn("promoted@example.com").get("accessToken").asText();
    assertEquals(403, Viewer.send(base, "GET", "/admin/audit", null, again).status());
    assertEquals(
        404,
        Viewer.send(
                base, "POST", "/admin/operators", "{\"email\":\"nobody@example.com\"}", operator)
            .status());
  }

  @Test
  void aSignedOutTokenStopsAtOnce() throws Exception {
    Viewer.signUp(base, outbox(), "leaver@example.com");
    JsonNode pair = signIn("leaver@example.com");
    String access = pair.get("accessToken").asText();
    assertEquals(200, Viewer.send(base, "GET", "/accounts/me", null, access).status());
    assertEquals(
        204,
        Viewer.send(
                base,
                "POST",
                "/auth/signout",
                "{\"refreshToken\":\"" + pair.get("refreshToken").asText() + "\"}",
                null)
            .status());
    assertEquals(401, Viewer.send(base, "GET", "/accounts/me", null, access).status());
  }

  private static JsonNode signIn(String email) {
    Http.Response r =
        Viewer.send(
            base,
            "POST",
            "/auth/signin",
            "{\"email\":\"" + email + "\",\"password\":\"" + Viewer.PASSWORD + "\"}",
            null);
    assertEquals(200, r.status(), r.body());
    assertFalse(r.json().get("accessToken").asText().isEmpty());
    return r.json();
  }

  private static JsonNode claims(String jwt) throws Exception {
    return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  private static JsonNode header(String jwt) throws Exception {
    return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Path outbox() {
    return Path.of("target/mail", keyspace + ".jsonl");
  }
}

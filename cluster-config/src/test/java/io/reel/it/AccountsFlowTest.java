package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import io.reel.origin.keys.MasterKey;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import io.reel.write.account.EmailHasher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against real Cassandra, the whole viewer journey through one node: sign up, verify from the mail,
 * sign in, refresh (and a replayed refresh token revoking the family), a kids profile, a
 * subscription billed by the scheduler through the simulated provider, the entitlement read model,
 * and closing the account erasing its personal data from what the journal can reveal.
 */
class AccountsFlowTest {

  private static TestNode node;
  private static String keyspace;
  private static String base;

  @BeforeAll
  static void start() {
    keyspace = TestInfra.freshKeyspace(AccountsFlowTest.class);
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("title-events"),
            List.of("write", "read", "projection"),
            Optional.empty(),
            Map.of("reel.billing.trial-days", 0, "reel.billing.scheduler.tick-interval", "1s"));
    base = node.baseUrl();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static Http.Response send(String method, String path, String body, String bearer) {
    return Viewer.send(base, method, path, body, bearer);
  }

  @Test
  void signUpVerifySignInProfileSubscribeInvoiceAndErase() throws Exception {
    String email = "viewer-" + keyspace + "@example.com";
    String creds = "{\"email\":\"" + email + "\",\"password\":\"violet tram 42 umbrella\"}";
    assertEquals(202, send("POST", "/accounts", creds, null).status());
    assertEquals(
        202, send("POST", "/accounts", creds, null).status(), "a taken e-mail: same answer");
    assertEquals(
        400,
        send("POST", "/accounts", "{\"email\":\"x@example.com\",\"password\":\"123456789\"}", null)
            .status());

    Path outbox = Path.of("target/mail", keyspace + ".jsonl");
    Eventually.assertThat(() -> assertTrue(Files.exists(outbox)));
    // The node's first operator got a mail too: take this viewer's.
    JsonNode mail =
        Http.JSON.readTree(
            Eventually.get(
                () ->
                    Files.readAllLines(outbox).stream()
                        .filter(l -> l.contains(email))
                        .findFirst()
                        .orElseThrow()));
    String link = mail.get("link").asText();
    String token = link.substring(link.indexOf("token=") + 6);
    assertEquals(
        204, send("POST", "/accounts/verify", "{\"token\":\"" + token + "\"}", null).status());

    Http.Response signIn = send("POST", "/auth/signin", creds, null);
    assertEquals(200, signIn.status(), signIn.body());
    String firstAccess = signIn.json().get("accessToken").asText();
    String refresh = signIn.json().get("refreshToken").asText();

    // Refresh rotates; replaying the old refresh token revokes the whole family.
    Http.Response rotated =
        send("POST", "/auth/token", "{\"refreshToken\":\"" + refresh + "\"}", null);
    assertEquals(200, rotated.status(), rotated.body());
    String refresh2 = rotated.json().get("refreshToken").asText();
    assertNotEquals(refresh, refresh2);
    assertEquals(
        401, send("POST", "/auth/token", "{\"refreshToken\":\"" + refresh + "\"}", null).status());
    assertEquals(
        401, send("POST", "/auth/token", "{\"refreshToken\":\"" + refresh2 + "\"}", null).status());
    // The revoked sign-in's access tokens stop too.
    assertEquals(401, send("GET", "/accounts/me", null, firstAccess).status());
    signIn = send("POST", "/auth/signin", creds, null);
    assertEquals(200, signIn.status(), signIn.body());
    String access = signIn.json().get("accessToken").asText();
    Http.Response jwks = send("GET", "/.well-known/jwks.json", null, null);
    assertEquals(200, jwks.status());
    assertFalse(jwks.body().contains("\"d\""), "no private key part in the JWKS");

    // A kids profile; a tampered access token is refused.
    Http.Response kids =
        send(
            "POST",
            "/accounts/me/profiles",
            "{\"name\":\"Kit\",\"kids\":true,\"maturityLimit\":\"G\"}",
            access);
    assertEquals(201, kids.status(), kids.body());
    String tampered =
        access.substring(0, access.length() - 4) + (access.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertEquals(401, send("GET", "/accounts/me/profiles", null, tampered).status());

    // Subscribe; the scheduler invoices and the simulated provider is charged.
    Http.Response sub =
        send("POST", "/accounts/me/subscription", "{\"plan\":\"standard\"}", access);
    assertEquals(201, sub.status(), sub.body());
    Eventually.assertThat(
        Duration.ofSeconds(60),
        () -> {
          Http.Response inv = send("GET", "/accounts/me/invoices", null, access);
          assertEquals(200, inv.status(), inv.body());
          JsonNode invoices = inv.json();
          assertEquals(1, invoices.size(), invoices.toString());
          assertEquals(
              "paid", invoices.get(0).get("status").asText().toLowerCase(), invoices.toString());
          assertEquals(1299, invoices.get(0).get("amountMinor").asLong());
        });
    String accountId = send("GET", "/accounts/me", null, access).json().get("accountId").asText();
    Eventually.assertThat(
        Duration.ofSeconds(60),
        () -> {
          Row row =
              node.node()
                  .session()
                  .execute(
                      "SELECT plan, max_streams, max_height FROM "
                          + keyspace
                          + ".entitlements WHERE account_id = ?",
                      accountId)
                  .one();
          assertTrue(row != null, "entitlement row");
          assertEquals("standard", row.getString("plan"));
          assertEquals(2, row.getInt("max_streams"));
          assertEquals(1080, row.getInt("max_height"));
        });

    // Close: personal data is gone, even from what the journal can reveal.
    assertEquals(204, send("DELETE", "/accounts/me", null, access).status());
    // Its tokens stop at once; a retried close (same token) is no longer let in either.
    assertEquals(401, send("GET", "/accounts/me", null, access).status());
    assertEquals(401, send("DELETE", "/accounts/me", null, access).status());
    // The subscription ended with the account: no entitlement, nothing more to bill.
    Eventually.assertThat(
        Duration.ofSeconds(60),
        () -> {
          Row row =
              node.node()
                  .session()
                  .execute(
                      "SELECT status FROM " + keyspace + ".entitlements WHERE account_id = ?",
                      accountId)
                  .one();
          assertTrue(row != null, "entitlement row");
          assertEquals("expired", row.getString("status").toLowerCase());
        });
    // The address is free: a new sign-up with it makes a new account.
    assertEquals(202, send("POST", "/accounts", creds, null).status());
    Eventually.assertThat(
        () -> {
          Http.Response again = send("POST", "/auth/signin", creds, null);
          assertEquals(200, again.status(), again.body());
          String fresh = again.json().get("accessToken").asText();
          assertNotEquals(
              accountId, send("GET", "/accounts/me", null, fresh).json().get("accountId").asText());
        });
    // Neither the address nor its keyed hash is anywhere in the journal or its tag views.
    String keyedHash = new EmailHasher(MasterKey.parse(TestNode.TEST_MASTER_KEY)).hash(email);
    for (String needle : List.of(email, keyedHash)) {
      for (String table : List.of("messages", "tag_views")) {
        for (Row row :
            node.node().session().execute("SELECT event FROM " + keyspace + "." + table)) {
          ByteBuffer b = row.getByteBuffer("event");
          byte[] bytes = new byte[b.remaining()];
          b.get(bytes);
          assertFalse(
              new String(bytes, StandardCharsets.ISO_8859_1).contains(needle),
              "the address or its keyed hash is in " + table);
        }
      }
    }
    assertEquals(
        0,
        node.node()
            .session()
            .execute(
                "SELECT account_id FROM " + keyspace + ".account_data_keys WHERE account_id = ?",
                Long.parseLong(accountId))
            .all()
            .size(),
        "the account's data key is destroyed");
  }

  private static final String PHONE_AGENT =
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Mobile Safari/537.36";
  private static final String LAPTOP_AGENT =
      "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

  /**
   * Devices and sessions: each sign-in is listed with its device (from its User-Agent), the asking
   * one marked current; one device signs another out; nobody else can, and nobody anonymous sees
   * the list.
   */
  @Test
  void signedInDevicesAreListedAndOneSignsAnotherOut() throws Exception {
    Path outbox = Path.of("target/mail", keyspace + ".jsonl");
    String email = "devices-" + keyspace + "@example.com";
    Viewer.signUp(base, outbox, email);
    Viewer stranger = Viewer.signUp(base, outbox, "stranger-" + keyspace + "@example.com");
    String creds = "{\"email\":\"" + email + "\",\"password\":\"" + Viewer.PASSWORD + "\"}";
    // Timestamps are whole seconds: a second apart, the order of the sign-ins is the listing's.
    Thread.sleep(1100);
    JsonNode phone = signIn(creds, PHONE_AGENT);
    JsonNode laptop = signIn(creds, LAPTOP_AGENT);
    String laptopAccess = laptop.get("accessToken").asText();
    String phoneAccess = phone.get("accessToken").asText();

    Http.Response list = send("GET", "/accounts/me/sessions", null, laptopAccess);
    assertEquals(200, list.status(), list.body());
    JsonNode sessions = list.json().get("sessions");
    // The sign-up's own sign-in too (Java's client): three, the asking one first, then the most
    // recently used.
    assertEquals(3, sessions.size(), list.body());
    assertEquals("Java", sessions.get(2).get("device").asText(), list.body());
    assertEquals("Firefox on Linux", sessions.get(0).get("device").asText());
    assertTrue(sessions.get(0).get("current").asBoolean(), list.body());
    assertEquals("Chrome on Android", sessions.get(1).get("device").asText());
    assertFalse(sessions.get(1).get("current").asBoolean(), list.body());
    assertFalse(list.body().contains("Mozilla"), "only the label is kept: " + list.body());
    String phoneSession = sessions.get(1).get("id").asText();

    // Not anonymous; a stranger's list is their own, and they cannot end this account's session.
    assertEquals(401, send("GET", "/accounts/me/sessions", null, null).status());
    JsonNode theirs = stranger.send("GET", "/accounts/me/sessions", null).json().get("sessions");
    assertFalse(theirs.toString().contains(phoneSession), theirs.toString());
    assertEquals(
        404, stranger.send("DELETE", "/accounts/me/sessions/" + phoneSession, null).status());
    assertEquals(200, send("GET", "/accounts/me", null, phoneAccess).status(), "still signed in");
    // Hostile ids: not found, nothing ended.
    for (String bad : List.of("not-a-uuid", "1-1-1-1-1", phoneSession + "0")) {
      assertEquals(
          404, send("DELETE", "/accounts/me/sessions/" + bad, null, laptopAccess).status(), bad);
    }

    // The laptop signs the phone out: its access and refresh tokens stop, the laptop's work on.
    assertEquals(
        204, send("DELETE", "/accounts/me/sessions/" + phoneSession, null, laptopAccess).status());
    assertEquals(401, send("GET", "/accounts/me", null, phoneAccess).status());
    assertEquals(
        401,
        send(
                "POST",
                "/auth/token",
                "{\"refreshToken\":\"" + phone.get("refreshToken").asText() + "\"}",
                null)
            .status());
    assertEquals(200, send("GET", "/accounts/me", null, laptopAccess).status());
    JsonNode after = send("GET", "/accounts/me/sessions", null, laptopAccess).json();
    assertFalse(after.toString().contains(phoneSession), after.toString());
    assertEquals(
        404, send("DELETE", "/accounts/me/sessions/" + phoneSession, null, laptopAccess).status());
  }

  private static JsonNode signIn(String creds, String agent) {
    Http.Response r =
        Http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/auth/signin"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(creds))
                .header("Content-Type", "application/json")
                .header("User-Agent", agent));
    assertEquals(200, r.status(), r.body());
    return r.json();
  }
}

package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.http.TlsCertificates;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The one entry point: TLS with a certificate generated on first start, request ids, CORS
 * preflights and a per-client rate limit, in front of the real routes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayTest {

  private static TestNode node;
  private static HttpClient client;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    String keyspace = TestInfra.freshKeyspace(GatewayTest.class);
    Path tls = Path.of("target/tls", keyspace).toAbsolutePath();
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("title-events"),
            List.of("write", "read"),
            Optional.empty(),
            Map.of(
                "reel.gateway.https.enabled",
                true,
                "reel.gateway.https.self-signed-dir",
                tls.toString(),
                "reel.http.port",
                0,
                "reel.gateway.rate-limit.per-second",
                0.5,
                "reel.gateway.rate-limit.burst",
                20,
                "reel.gateway.cors.allowed-origins",
                List.of("https://app.example")));
    base = node.baseUrl();
    client =
        HttpClient.newBuilder().sslContext(trusting(tls.resolve(TlsCertificates.CERT_PEM))).build();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static SSLContext trusting(Path pem) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      ks.setCertificateEntry(
          "reel", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return client.send(
        b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void servesTheApiOverTlsWithRequestIdsAndCors() throws Exception {
    assertTrue(base.startsWith("https://"), base);
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/catalog/genres")));
    assertEquals(200, r.statusCode(), r.body());
    String generated = r.headers().firstValue("X-Request-Id").orElseThrow();
    assertTrue(generated.length() >= 8);

    HttpResponse<String> mine =
        send(
            HttpRequest.newBuilder(URI.create(base + "/catalog/genres"))
                .header("X-Request-Id", "client-chosen-123"));
    assertEquals("client-chosen-123", mine.headers().firstValue("X-Request-Id").orElseThrow());
    HttpResponse<String> hostile =
        send(
            HttpRequest.newBuilder(URI.create(base + "/catalog/genres"))
                .header("X-Request-Id", "<script>"));
    assertNotEquals("<script>", hostile.headers().firstValue("X-Request-Id").orElseThrow());

    HttpResponse<String> preflight =
        send(
            HttpRequest.newBuilder(URI.create(base + "/admin/titles"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST"));
    assertEquals(204, preflight.statusCode());
    assertEquals(
        "https://app.example",
        preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertTrue(
        preflight
            .headers()
            .firstValue("Access-Control-Allow-Headers")
            .orElseThrow()
            .contains("Authorization"));
    HttpResponse<String> foreign =
        send(
            HttpRequest.newBuilder(URI.create(base + "/catalog/genres"))
                .header("Origin", "https://evil.example"));
    assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

    // Plain HTTP to the TLS port is not served.
    assertThrows(
        Exception.class,
        () ->
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(base.replace("https://", "http://") + "/catalog/genres"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode());
  }

  @Test
  @Order(2) // spends the one client's budget: last
  void aClientOverItsRateGets429WithRetryAfter() throws Exception {
    int limited = 0;
    String retryAfter = null;
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/catalog/newest")));
      if (r.statusCode() == 429) {
        limited++;
        retryAfter = r.headers().firstValue("Retry-After").orElse(null);
        assertTrue(
            r.headers()
                .firstValue("Content-Type")
                .orElse("")
                .startsWith("application/problem+json"));
      } else {
        assertEquals(200, r.statusCode(), r.body());
      }
    }
    assertTrue(limited > 0, "40 requests against a burst of 20 at 0.5/s must hit the limit");
    assertTrue(Integer.parseInt(retryAfter) >= 1, retryAfter);
  }
}

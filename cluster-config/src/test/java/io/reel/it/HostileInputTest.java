package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 11, validation everywhere, tried as an attacker would: JSON nested thousands deep, bodies
 * over the limit, {@code null} inside lists, enum values that do not exist, and Host-header games
 * against the links Reel mails out. Every answer is a 4xx problem with no stack trace, and the
 * node's log holds no stack trace for any of them either.
 */
class HostileInputTest {

  private static final String PUBLIC_URL = "https://reel.example.test";

  private static TestNode node;
  private static String keyspace;
  private static String base;
  private static ListAppender<ILoggingEvent> log;

  @BeforeAll
  static void start() {
    keyspace = TestInfra.freshKeyspace(HostileInputTest.class);
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("hostile"),
            List.of("write", "read", "projection"),
            Optional.empty(),
            Map.of("reel.accounts.public-base-url", PUBLIC_URL));
    base = node.baseUrl();
    log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
  }

  @BeforeEach
  void clearLog() {
    log.list.clear();
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    if (node != null) {
      node.close();
    }
  }

  private static void assertProblem(int status, Http.Response r) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertFalse(r.body().contains("at io.reel"), "no stack trace: " + r.body());
    assertFalse(r.body().contains("Exception"), "no exception names: " + r.body());
    assertFalse(r.body().contains("io.reel."), "no class names: " + r.body());
  }

  private static void assert4xxProblem(Http.Response r) {
    assertTrue(r.status() >= 400 && r.status() < 500, r.status() + " " + r.body());
    assertProblem(r.status(), r);
  }

  @Test
  void deeplyNestedJsonIsRefused() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    String token = node.operatorToken();
    assertProblem(
        400,
        Viewer.send(
            base, "POST", "/admin/titles", "{\"title\":\"X\",\"cast\":" + deep + "}", token));
    assertProblem(400, Viewer.send(base, "POST", "/accounts", "{\"email\":" + deep + "}", null));
    String deepObject = "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
    assertProblem(400, Viewer.send(base, "POST", "/auth/signin", deepObject, null));
    assertNoStackTraceLogged();
  }

  @Test
  void oversizedJsonIsRefusedWith413() {
    String big = "{\"title\":\"" + "x".repeat(2_000_000) + "\",\"year\":2000}";
    assertProblem(413, Viewer.send(base, "POST", "/admin/titles", big, node.operatorToken()));
    assertProblem(
        413,
        Viewer.send(
            base, "POST", "/accounts", "{\"email\":\"" + "a".repeat(2_000_000) + "\"}", null));
  }

  @Test
  void nullsInsideListsAndUnknownEnumValuesAre4xx() throws Exception {
    String token = node.operatorToken();
    assert4xxProblem(
        Viewer.send(
            base,
            "POST",
            "/admin/titles",
            "{\"title\":\"Nulls\",\"year\":2000,\"cast\":[null,\"A\"]}",
            token));
    assert4xxProblem(
        Viewer.send(
            base,
            "POST",
            "/admin/titles",
            "{\"title\":\"Nulls\",\"year\":2000,\"genres\":[null]}",
            token));
    assert4xxProblem(
        Viewer.send(
            base,
            "POST",
            "/admin/titles",
            "{\"title\":\"Rated\",\"year\":2000,\"maturityRating\":\"XXX-99\"}",
            token));
    Viewer viewer = Viewer.signUp(base, outbox(), "enums@example.com");
    assert4xxProblem(
        viewer.send(
            "POST",
            "/accounts/me/profiles",
            "{\"name\":\"Odd\",\"kids\":false,\"maturityLimit\":\"ZZ\"}"));
    assert4xxProblem(viewer.send("POST", "/accounts/me/subscription", "{\"plan\":\"platinum\"}"));
    assert4xxProblem(viewer.send("POST", "/accounts/me/subscription", "{\"plan\":null}"));
    assert4xxProblem(viewer.send("POST", "/accounts/me/profiles", "{\"name\":null}"));
    assert4xxProblem(viewer.send("POST", "/accounts/me/profiles", "[null]"));
    assert4xxProblem(viewer.send("POST", "/accounts/me/profiles", "null"));
    assert4xxProblem(Viewer.send(base, "POST", "/auth/signin", "null", null));
    assert4xxProblem(Viewer.send(base, "POST", "/auth/token", "{\"refreshToken\":[null]}", null));
    // A valid request still works afterwards.
    assertEquals(
        201,
        Viewer.send(base, "POST", "/admin/titles", "{\"title\":\"Fine\",\"year\":2000}", token)
            .status());
    assertNoStackTraceLogged();
  }

  @Test
  void linksInMailsComeFromConfigurationNotFromTheHostHeader() throws Exception {
    int port = URI.create(base).getPort();
    String body = "{\"email\":\"hosted@example.com\",\"password\":\"" + Viewer.PASSWORD + "\"}";
    String answer =
        raw(
            port,
            "POST /accounts HTTP/1.1\r\nHost: evil.example\r\n"
                + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: http\r\n"
                + "Forwarded: host=evil.example;proto=http\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\nConnection: close\r\n\r\n"
                + body);
    assertTrue(answer.startsWith("HTTP/1.1 202"), answer);
    JsonNode mail =
        Http.JSON.readTree(
            Eventually.get(
                () ->
                    Files.readAllLines(outbox()).stream()
                        .filter(l -> l.contains("hosted@example.com"))
                        .findFirst()
                        .orElseThrow()));
    String link = mail.get("link").asText();
    assertTrue(link.startsWith(PUBLIC_URL + "/"), link);
    assertFalse(link.contains("evil"), link);

    // A Host header that is not a host at all, and an absolute-form target naming another host.
    String junkHost =
        raw(port, "GET /catalog/genres HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n");
    assertTrue(junkHost.startsWith("HTTP/1.1 400"), junkHost);
    assertFalse(junkHost.contains("Exception"), junkHost);
    String absolute =
        raw(
            port,
            "GET http://evil.example/admin/audit HTTP/1.1\r\nHost: evil.example\r\n"
                + "Connection: close\r\n\r\n");
    assertTrue(absolute.startsWith("HTTP/1.1 401"), absolute);
    assertNoStackTraceLogged();
  }

  private static void assertNoStackTraceLogged() {
    List<String> traces =
        log.list.stream()
            .filter(e -> e.getThrowableProxy() != null)
            .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
            .toList();
    assertEquals(List.of(), traces, "stack traces in the node's log");
  }

  private static String raw(int port, String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Path outbox() {
    return Path.of("target/mail", keyspace + ".jsonl");
  }
}

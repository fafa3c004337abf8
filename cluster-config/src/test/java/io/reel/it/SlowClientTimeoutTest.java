package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow-loris clients against a real node with test-short timeouts: a body that stalls gets a 408
 * and the connection closed; headers that stall get the connection closed by the idle timeout. The
 * same server-wide idle timeout ends a stalled source upload (exempt from the request timeout); the
 * upload route then discards its staging file (see IngestRoutes), so nothing is stored
 * half-written.
 */
class SlowClientTimeoutTest {

  private static TestNode node;
  private static int port;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            TestInfra.freshKeyspace(SlowClientTimeoutTest.class),
            TestInfra.freshTopic("title-events"),
            List.of("write"),
            Optional.empty(),
            Map.of(
                "reel.gateway.body.small-body-timeout", "2s",
                "reel.gateway.body.idle-timeout", "3s",
                "pekko.http.server.idle-timeout", "5s"));
    port = Integer.parseInt(node.baseUrl().replaceAll(".*:", ""));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  /**
   * Everything the server sends until it closes the connection (a FIN, or a reset when the idle
   * timeout aborts it).
   */
  private static String untilClosed(Socket s) throws Exception {
    // Only a guard against a hang: the server must close long before this.
    s.setSoTimeout(60_000);
    InputStream in = s.getInputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        got.write(buf, 0, n);
      }
    } catch (SocketException reset) {
      // closed by an abort: what came before is the answer
    }
    return got.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aStalledBodyGets408AndTheConnectionIsClosed() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /accounts HTTP/1.1\r\nHost: reel\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 400\r\n\r\n{\"email\":\"slow@example.com\",")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // ...and nothing more.
      String answer = untilClosed(s);
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("application/problem+json"), answer);
      assertTrue(answer.contains("not complete within 2 s"), answer);
    }
    // The node serves the next client as usual.
    assertEquals(200, Http.get(node.baseUrl() + "/plans").status());
  }

  @Test
  void aBodyThatStopsHalfWayGets408AfterTheBodyIdleTimeout() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      // Larger than a JSON body, so only the idle deadline applies, as to a source upload.
      out.write(
          ("POST /accounts HTTP/1.1\r\nHost: reel\r\nContent-Type: application/json\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n11\r\n{\"email\":\"slow@ex\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = untilClosed(s);
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("no part of the request body arrived for 3 s"), answer);
    }
  }

  @Test
  void stalledHeadersAreCutOffByTheIdleTimeout() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          "POST /accounts HTTP/1.1\r\nHost: reel\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = untilClosed(s);
      // Closed without serving the request (pekko may say 408 first, or just close).
      assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
    }
  }
}

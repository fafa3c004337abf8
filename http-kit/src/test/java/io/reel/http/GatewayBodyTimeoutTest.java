package io.reel.http;

import static org.apache.pekko.http.javadsl.server.Directives.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow-loris bodies through the gateway over raw sockets: a small body not complete within its
 * deadline and a streamed body that stops arriving both get a 408 and a closed connection, and a
 * streaming consumer (like the source upload) sees its stream fail, so it keeps nothing.
 */
class GatewayBodyTimeoutTest {

  private static ActorSystem<Void> system;
  private static ServerBinding binding;
  private static final CompletableFuture<Throwable> uploadFailure = new CompletableFuture<>();

  @BeforeAll
  static void start() throws Exception {
    system =
        ActorSystem.create(
            Behaviors.empty(),
            "GatewayBodyTimeoutTest",
            ConfigFactory.parseString(
                    "pekko.http.server.remote-address-attribute = on\n"
                        + "pekko.http.server.idle-timeout = 30s\n"
                        + "pekko.loglevel = WARNING")
                .withFallback(ConfigFactory.load()));
    Gateway gateway =
        new Gateway(
            new Gateway.Settings(
                100,
                100,
                1000,
                List.of("*"),
                Duration.ofMinutes(1),
                List.of(),
                ClientAddress.Header.X_FORWARDED_FOR,
                Duration.ofSeconds(2),
                1024,
                Duration.ofSeconds(1)));
    Route route =
        concat(
            path(
                "json",
                () ->
                    post(
                        () ->
                            entity(
                                org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller
                                    .entityToString(),
                                body -> complete("got " + body.length())))),
            path(
                "upload",
                () ->
                    put(
                        () ->
                            withoutRequestTimeout(
                                () ->
                                    extractRequestEntity(
                                        entity ->
                                            extractMaterializer(
                                                mat -> {
                                                  CompletionStage<Long> stored =
                                                      entity
                                                          .getDataBytes()
                                                          .runWith(
                                                              Sink.fold(0L, (n, b) -> n + b.size()),
                                                              mat)
                                                          .whenComplete(
                                                              (n, e) -> {
                                                                if (e != null) {
                                                                  uploadFailure.complete(e);
                                                                }
                                                              });
                                                  return onSuccess(
                                                      stored,
                                                      n -> complete(StatusCodes.CREATED, "" + n));
                                                }))))));
    binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(gateway.wrap(ProblemHandlers.wrap(route)))
            .toCompletableFuture()
            .get();
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static String exchange(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", binding.localAddress().getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // ...and nothing more. The read timeout is only a guard against a hang.
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
  }

  @Test
  void aSmallBodyThatIsNotCompleteInTimeGets408AndTheConnectionCloses() throws Exception {
    String answer =
        exchange(
            "POST /json HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                + "Content-Length: 400\r\n\r\n{\"email\":\"slow@example.com\",");
    assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
    assertTrue(answer.contains("application/problem+json"), answer);
    assertTrue(answer.contains("not complete within 1 s"), answer);
  }

  @Test
  void aStalledUploadGets408AndItsConsumerSeesTheStreamFail() throws Exception {
    String answer =
        exchange(
            "PUT /upload HTTP/1.1\r\nHost: t\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 1000000\r\n\r\n"
                + "x".repeat(5000));
    assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
    assertTrue(answer.contains("no part of the request body arrived for 2 s"), answer);
    Throwable e = uploadFailure.get();
    assertTrue(ProblemHandlers.unwrap(e) instanceof BodyTimeout, e.toString());
  }
}

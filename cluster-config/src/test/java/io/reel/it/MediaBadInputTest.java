package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.testing.Http;
import io.reel.testing.MediaChecks;
import io.reel.testing.TestInfra;
import io.reel.testing.TestMedia;
import io.reel.testing.TestNode;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad media and bad uploads: each gets a clear error (a 4xx, or the title's job failed with a
 * reason and ffmpeg's stderr kept), the worker goes on with the next job, and nothing already
 * stored is lost.
 */
class MediaBadInputTest {

  private static final long MAX_UPLOAD = 1024 * 1024;

  private static TestNode node;
  private static Path storeDir;
  private static Path media;
  private static String base;

  @BeforeAll
  static void start() {
    String keyspace = TestInfra.freshKeyspace(MediaBadInputTest.class);
    storeDir = Path.of("target/media", keyspace, "store").toAbsolutePath();
    media = Path.of("target/media", keyspace, "sources").toAbsolutePath();
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("title-events"),
            List.of("write", "read", "transcode"),
            Optional.empty(),
            Map.of("reel.media.max-upload-bytes", MAX_UPLOAD));
    base = node.baseUrl();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static String title(String name) {
    return MediaPipelineTest.createTitle(base, name);
  }

  private static JsonNode uploadAndAwaitEnd(String id, Path file) {
    Http.Response up = Http.putFile(base + "/admin/titles/" + id + "/source", file);
    assertEquals(202, up.status(), up.body());
    return MediaPipelineTest.last(
        MediaChecks.awaitStatus(base, id, Duration.ofMinutes(2), "packaged", "failed"));
  }

  private static void assertFailed(JsonNode m, String reasonPart) {
    assertEquals("failed", m.get("status").asText(), m.toString());
    String failure = m.get("job").get("failure").asText();
    assertTrue(failure.contains(reasonPart), () -> "reason '" + failure + "' lacks " + reasonPart);
    assertFalse(m.get("playable").asBoolean());
  }

  @Test
  void badMediaFailsWithAReasonAndTheWorkerGoesOn() throws Exception {
    // A good title first: nothing below may damage it.
    String good = title("Good before");
    JsonNode packaged =
        uploadAndAwaitEnd(good, TestMedia.clip(media, "good.mp4", 320, 180, 25, 4, true));
    assertEquals("packaged", packaged.get("status").asText(), packaged.toString());
    Path goodPkg = storeDir.resolve(packaged.get("current").get("location").asText());
    long goodFiles = countFiles(goodPkg);

    // Not a video at all.
    Path text = media.resolve("notes.mp4");
    Files.writeString(text, "these are not the frames you are looking for\n".repeat(100));
    assertFailed(uploadAndAwaitEnd(title("Text"), text), "Invalid data");

    // Truncated, index at the end: the container cannot be read.
    Path whole = TestMedia.clip(media, "whole.mp4", 320, 180, 25, 4, true);
    Path cut = media.resolve("cut.mp4");
    byte[] bytes = Files.readAllBytes(whole);
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertFailed(uploadAndAwaitEnd(title("Truncated"), cut), "moov atom not found");

    // Truncated, index at the front: it probes, but the frames run out; ffmpeg's stderr is kept.
    Path fast = media.resolve("fast.mp4");
    remux(whole, fast);
    Path fastCut = media.resolve("fast-cut.mp4");
    byte[] fb = Files.readAllBytes(fast);
    Files.write(fastCut, java.util.Arrays.copyOf(fb, fb.length / 3));
    String truncatedId = title("Truncated after header");
    JsonNode truncated = uploadAndAwaitEnd(truncatedId, fastCut);
    assertFailed(truncated, "truncated");
    assertNotNull(truncated.get("job").get("stderrKey").textValue(), truncated.toString());
    Http.Response log = Http.get(base + "/admin/titles/" + truncatedId + "/transcode/log");
    assertEquals(200, log.status(), log.body());
    assertTrue(log.contentType().startsWith("text/plain"), log.contentType());

    // Audio only.
    assertFailed(
        uploadAndAwaitEnd(title("Audio only"), TestMedia.audioOnly(media, "tone.m4a", 2)),
        "audio-only");

    // An absurd resolution.
    assertFailed(
        uploadAndAwaitEnd(
            title("Absurd"), TestMedia.clip(media, "wide.mp4", 7712, 64, 5, 1, false)),
        "absurd resolution");

    // The worker goes on: the next good upload packages, and the first title is intact.
    JsonNode after =
        uploadAndAwaitEnd(
            title("Good after"), TestMedia.clip(media, "good2.mp4", 320, 180, 25, 4, false));
    assertEquals("packaged", after.get("status").asText(), after.toString());
    assertEquals(goodFiles, countFiles(goodPkg));
    JsonNode stillGood = MediaChecks.media(base, good);
    assertEquals("packaged", stillGood.get("status").asText());
    assertEquals(0, MediaChecks.liveFfmpegChildren());
  }

  @Test
  void badUploadsAreRefusedAndLeaveNothingBehind() throws Exception {
    String id = title("Upload target");
    String url = base + "/admin/titles/" + id + "/source";

    // Empty body.
    Path empty = Files.createDirectories(media).resolve("empty.mp4");
    Files.write(empty, new byte[0]);
    Http.Response r = Http.putFile(url, empty);
    assertEquals(422, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());

    // Too large, declared up front: refused from the headers alone, before any byte of the body.
    // (A raw request, as curl's Expect: 100-continue would: a client still pushing a body the
    // server will never read races the server's close and can lose the answer.)
    int port = URI.create(base).getPort();
    String head =
        "PUT /admin/titles/"
            + id
            + "/source HTTP/1.1\r\nHost: x\r\n"
            + "Authorization: Bearer "
            + node.operatorToken()
            + "\r\n"
            + "Content-Type: application/octet-stream\r\n";
    assertEquals(
        413, rawStatus(port, head + "Content-Length: " + (MAX_UPLOAD + 1) + "\r\n\r\n", ""));

    // Too large, streamed without a length (chunked): cut off when the limit is crossed. The whole
    // request goes in one write so the server has read it all when it answers.
    String chunked =
        head
            + "Transfer-Encoding: chunked\r\n\r\n"
            + Long.toHexString(MAX_UPLOAD)
            + "\r\n"
            + "x".repeat((int) MAX_UPLOAD)
            + "\r\n1\r\nx\r\n0\r\n\r\n";
    assertEquals(413, rawStatus(port, chunked, ""));

    // A broken upload: the client goes away halfway.
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("PUT /admin/titles/"
                  + id
                  + "/source HTTP/1.1\r\nHost: x\r\n"
                  + "Authorization: Bearer "
                  + node.operatorToken()
                  + "\r\n"
                  + "Content-Type: application/octet-stream\r\nContent-Length: 500000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[100_000]);
      out.flush();
    }

    // Unknown, hostile and retired targets.
    Path small = TestMedia.clip(media, "small.mp4", 160, 90, 10, 1, false);
    Http.Response missing = Http.putFile(base + "/admin/titles/999999999/source", small);
    assertEquals(404, missing.status(), missing.body());
    Http.Response hostile = Http.putFile(base + "/admin/titles/..%2F..%2Fetc/source", empty);
    assertEquals(404, hostile.status(), hostile.body());
    String retired = title("Retired");
    assertEquals(200, Http.post(base + "/admin/titles/" + retired + "/retire", "").status());
    assertEquals(409, Http.putFile(base + "/admin/titles/" + retired + "/source", small).status());

    // Nothing was stored, nothing is half-visible, the title has no job.
    Thread.sleep(1000);
    assertEquals(0, countFiles(storeDir.resolve("sources").resolve(id)));
    assertEquals(0, countFiles(storeDir.resolve(".staging")));
    assertEquals("none", MediaChecks.media(base, id).get("status").asText());

    // A hostile file name is only a label.
    Http.Response named = Http.putFile(url + "?filename=..%2F..%2Fetc%2Fpasswd", small);
    assertEquals(202, named.status(), named.body());
    String fileName = named.json().get("media").get("job").get("fileName").asText();
    assertFalse(fileName.contains("/"), fileName);
  }

  private static void remux(Path in, Path out) throws Exception {
    Process p =
        io.reel.transcode.FfmpegBinaries.bundled()
            .ffmpegCommand(
                List.of(
                    "-v",
                    "error",
                    "-y",
                    "-i",
                    in.toString(),
                    "-c",
                    "copy",
                    "-movflags",
                    "+faststart",
                    out.toString()))
            .redirectErrorStream(true)
            .start();
    String o = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), o);
  }

  private static long countFiles(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  /** Sends a request as raw bytes in one write and returns the status of the answer. */
  private static int rawStatus(int port, String head, String body) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write((head + body).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String status =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))
              .readLine();
      assertNotNull(status, "no answer");
      return Integer.parseInt(status.split(" ")[1]);
    }
  }
}

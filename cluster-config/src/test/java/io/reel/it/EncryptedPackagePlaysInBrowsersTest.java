package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.reel.origin.keys.ContentKey;
import io.reel.testing.BrowserPlayers;
import io.reel.testing.BrowserPlayers.ForcedSwitch;
import io.reel.testing.BrowserPlayers.Player;
import io.reel.testing.BrowserPlayers.Result;
import io.reel.testing.BrowserPlayers.Seek;
import io.reel.transcode.pack.ProtectedTestPackage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A package made by the real chain (bundled ffmpeg, CENC cenc-aes-ctr, {@code Packager.finish})
 * with keys per resolution tier (720p under the HD key, 360p and audio under the SD key) plays in
 * headless Chromium with hls.js, dash.js and shaka-player, switching between the tiers, when the
 * ClearKey licence server accepts the viewer's bearer token, and does not play when it refuses it.
 * No Cassandra or Kafka: the origin and the licence endpoint are a JDK HTTP server in this test.
 */
class EncryptedPackagePlaysInBrowsersTest {

  /** Reel's defaults (transcoding-pipeline reference.conf): the package looks like production. */
  private static final String LICENCE_PATH = "/licence/clearkey";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "viewer-" + UUID.randomUUID();
  private static final Map<String, String> TYPES =
      Map.of(
          "m3u8", "application/vnd.apple.mpegurl",
          "mpd", "application/dash+xml",
          "m4s", "video/mp4",
          "jpg", "image/jpeg",
          "vtt", "text/vtt");

  /** Licence requests by the Authorization header they carried. */
  private static final Map<String, AtomicInteger> GRANTED = new ConcurrentHashMap<>();

  private static final Map<String, AtomicInteger> REFUSED = new ConcurrentHashMap<>();

  @TempDir static Path dir;

  private static ProtectedTestPackage.Written pkg;
  private static HttpServer server;
  private static ExecutorService executor;
  private static String base;

  @BeforeAll
  static void packageAndServe() throws Exception {
    pkg =
        ProtectedTestPackage.writeTiered(dir.resolve("package"), 6, 2, LICENCE_PATH, LICENCE_PATH);
    executor = Executors.newFixedThreadPool(8);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", EncryptedPackagePlaysInBrowsersTest::origin);
    server.createContext(LICENCE_PATH, EncryptedPackagePlaysInBrowsersTest::licence);
    server.setExecutor(executor);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(Player.class)
  void playsSwitchesAndSeeksWithAValidLicence(Player player) throws Exception {
    String auth = "Bearer " + TOKEN;
    int grantedBefore = count(GRANTED, auth);

    Result r = BrowserPlayers.play(spec(player, auth));
    System.out.println(r.figures());
    String why = r.summary();

    assertTrue(r.advanced(), "time advances: " + why);
    assertFalse(r.anyFatalError(), why);
    assertTrue(count(GRANTED, auth) > grantedBefore, "the licence server gave the key: " + why);
    assertTrue(r.licenceResponses().stream().anyMatch(l -> l.status() == 200), why);
    assertEquals(
        Set.of(720, 360),
        r.renditions().stream().map(BrowserPlayers.Rendition::height).collect(Collectors.toSet()),
        why);

    ForcedSwitch sw = r.forcedSwitch();
    assertNotNull(sw, why);
    assertTrue(sw.happened(), "forced switch: " + why);
    assertNotEquals(sw.videoHeightBefore(), sw.to().height(), why);
    assertEquals(sw.to().height(), sw.videoHeightAfter(), why);
    assertTrue(
        sw.playerEvents().stream().anyMatch(e -> e.height() == sw.to().height()),
        "the player reported the switch: " + why);
    // both tiers decoded: the HD rendition's key came from the licence server too
    assertTrue(r.heightsSeen().containsAll(Set.of(720, 360)), why);

    Seek seek = r.seek();
    assertNotNull(seek, why);
    assertEquals(r.duration() / 2, seek.to(), 0.01, why);
    assertTrue(seek.resumed(), "playback resumed after the seek: " + why);
    assertTrue(seek.currentTime() > seek.to(), why);
  }

  @ParameterizedTest
  @EnumSource(Player.class)
  void doesNotPlayWhenTheLicenceIsRefused(Player player) throws Exception {
    String auth = "Bearer wrong-" + player.id() + "-" + UUID.randomUUID();

    Result r = BrowserPlayers.play(spec(player, auth));
    System.out.println(r.figures());
    String why = r.summary();

    assertTrue(count(REFUSED, auth) > 0, "the player asked for a licence: " + why);
    assertEquals(0, count(GRANTED, auth), why);
    assertTrue(r.licenceResponses().stream().noneMatch(l -> l.status() == 200), why);
    assertFalse(r.advanced(), "time must not advance without the key: " + why);
    assertTrue(r.timeAfterStart() < 1.0, why);
  }

  /** The negative cases mean something only if the endpoint itself discriminates. */
  @Test
  void licenceEndpointAnswersOnlyTheRightTokenForTheRequestedKids() throws Exception {
    String ours = pkg.key().kidBase64Url();
    String other = "AAAAAAAAAAAAAAAAAAAAAA";

    JsonNode both = licenceRequest("Bearer " + TOKEN, ours, other);
    assertEquals(1, both.get("keys").size(), both.toString());
    JsonNode key = both.get("keys").get(0);
    assertEquals("oct", key.get("kty").asText());
    assertEquals(ours, key.get("kid").asText());
    assertEquals(pkg.key().keyBase64Url(), key.get("k").asText());

    assertEquals(0, licenceRequest("Bearer " + TOKEN, other).get("keys").size());
    assertEquals(403, licenceStatus("Bearer nope", ours));
    assertEquals(403, licenceStatus(null, ours));
  }

  private static BrowserPlayers.Spec spec(Player player, String authorization) {
    return BrowserPlayers.Spec.of(
        player,
        base + "/master.m3u8",
        base + "/manifest.mpd",
        base + LICENCE_PATH,
        Map.of("Authorization", authorization));
  }

  private static int count(Map<String, AtomicInteger> counts, String auth) {
    AtomicInteger n = counts.get(auth);
    return n == null ? 0 : n.get();
  }

  // --- the origin and the licence server ---

  private static void cors(HttpExchange ex) {
    Headers h = ex.getResponseHeaders();
    // The player page is on another origin; licence requests carry a header, never cookies.
    h.set("Access-Control-Allow-Origin", "*");
    h.set("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
    h.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
    h.set("Access-Control-Max-Age", "600");
  }

  private static void origin(HttpExchange ex) throws IOException {
    try (ex) {
      cors(ex);
      String method = ex.getRequestMethod();
      if (method.equals("OPTIONS")) {
        ex.sendResponseHeaders(204, -1);
        return;
      }
      Path root = pkg.dir().toAbsolutePath().normalize();
      Path file = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
      if (!(method.equals("GET") || method.equals("HEAD"))) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      String name = file.getFileName().toString();
      String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
      ex.getResponseHeaders().set("Content-Type", type == null ? "application/octet-stream" : type);
      byte[] body = Files.readAllBytes(file);
      if (method.equals("HEAD")) {
        ex.sendResponseHeaders(200, -1);
        return;
      }
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  /**
   * ClearKey (W3C EME): the request names the kids in base64url, the answer is a JWK set with the
   * keys of those kids that this title has, and only for the right bearer token.
   */
  private static void licence(HttpExchange ex) throws IOException {
    try (ex) {
      cors(ex);
      if (ex.getRequestMethod().equals("OPTIONS")) {
        ex.sendResponseHeaders(204, -1);
        return;
      }
      if (!ex.getRequestMethod().equals("POST")) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String who = auth == null ? "" : auth;
      if (!("Bearer " + TOKEN).equals(auth)) {
        REFUSED.computeIfAbsent(who, k -> new AtomicInteger()).incrementAndGet();
        ex.sendResponseHeaders(403, -1);
        return;
      }
      JsonNode request;
      try {
        request = JSON.readTree(ex.getRequestBody().readAllBytes());
      } catch (IOException e) {
        ex.sendResponseHeaders(400, -1);
        return;
      }
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode keys = answer.putArray("keys");
      for (JsonNode kid : request.path("kids")) {
        for (ContentKey k : pkg.keys().inUse()) {
          if (kid.asText().equals(k.kidBase64Url())) {
            keys.addObject().put("kty", "oct").put("kid", kid.asText()).put("k", k.keyBase64Url());
          }
        }
      }
      answer.put("type", request.path("type").asText("temporary"));
      GRANTED.computeIfAbsent(who, k -> new AtomicInteger()).incrementAndGet();
      byte[] body = JSON.writeValueAsBytes(answer);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  private static HttpResponse<String> postLicence(String auth, String... kids) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode array = body.putArray("kids");
    for (String kid : kids) {
      array.add(kid);
    }
    body.put("type", "temporary");
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + LICENCE_PATH))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HttpClient.newHttpClient()
        .send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static JsonNode licenceRequest(String auth, String... kids) throws Exception {
    HttpResponse<String> r = postLicence(auth, kids);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static int licenceStatus(String auth, String... kids) throws Exception {
    return postLicence(auth, kids).statusCode();
  }
}

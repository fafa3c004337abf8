package io.reel.edge;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.reel.origin.FileSystemObjectStore;
import io.reel.origin.token.EdgeTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a really bound server on a free port, with the JDK's HTTP client. */
class EdgeRoutesTest {

  static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
  static final String PREFIX = "packages/42/v1-a1/";

  @TempDir static Path originDir;
  @TempDir static Path cacheDir;
  static ActorSystem<Void> system;
  static EdgeServer edge;
  static ServerBinding binding;
  static String base;
  static String token;
  static byte[] segment;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    var store = new FileSystemObjectStore(originDir);
    put(
        store,
        PREFIX + "master.m3u8",
        "#EXTM3U\n#EXT-X-VERSION:7\n".getBytes(StandardCharsets.UTF_8));
    put(store, PREFIX + "manifest.mpd", "<MPD/>".getBytes(StandardCharsets.UTF_8));
    put(store, PREFIX + "init-0.m4s", new byte[600]);
    segment = new byte[200_000];
    new Random(7).nextBytes(segment);
    put(store, PREFIX + "video-1080/seg-3.m4s", segment);
    put(store, PREFIX + "thumbs.vtt", "WEBVTT\n".getBytes(StandardCharsets.UTF_8));
    put(store, PREFIX + "poster.jpg", new byte[5000]);
    put(store, PREFIX + "notes.txt", "not a package file".getBytes(StandardCharsets.UTF_8));
    put(store, "packages/43/v1-a1/master.m3u8", "#EXTM3U\nsecret".getBytes(StandardCharsets.UTF_8));
    put(store, "secret", "top secret".getBytes(StandardCharsets.UTF_8));

    var config =
        ConfigFactory.parseMap(
                Map.of(
                    "reel.edge.token-keys",
                    "k1:" + K1,
                    "reel.edge.cache.dir",
                    cacheDir.toString(),
                    "reel.edge.cache.memory-object-max-bytes",
                    "1KiB",
                    "reel.edge.stream-chunk-bytes",
                    "16KiB"))
            .withFallback(ConfigFactory.load());
    system = ActorSystem.create(Behaviors.empty(), "edge-routes-test", config);
    EdgeSettings settings = EdgeSettings.fromConfig(system.settings().config());
    edge = EdgeServer.create(system, settings, store, Clock.systemUTC());
    binding = edge.bind("127.0.0.1", 0).toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
    token = edge.tokens().mint("sess-1", "acct-1", PREFIX, Duration.ofHours(1));
  }

  @AfterAll
  static void stop() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static void put(FileSystemObjectStore store, String key, byte[] data) throws Exception {
    try (var p = store.create(key)) {
      Files.write(p.stagingFile(), data);
      p.commit();
    }
  }

  static HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(base + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  static String url(String key) {
    return "/edge/" + token + "/" + key;
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  static String body(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void servesEachKindWithItsTypeAndCaching() throws Exception {
    Object[][] cases = {
      {"master.m3u8", "application/vnd.apple.mpegurl", "public, max-age=5"},
      {"manifest.mpd", "application/dash+xml", "public, max-age=5"},
      {"init-0.m4s", "video/iso.segment", "public, max-age=31536000, immutable"},
      {"video-1080/seg-3.m4s", "video/iso.segment", "public, max-age=31536000, immutable"},
      {"thumbs.vtt", "text/vtt; charset=UTF-8", "public, max-age=31536000, immutable"},
      {"poster.jpg", "image/jpeg", "public, max-age=31536000, immutable"},
    };
    for (Object[] c : cases) {
      var r = get(url(PREFIX + c[0]));
      assertEquals(200, r.statusCode(), (String) c[0]);
      assertEquals(c[1], header(r, "Content-Type"), (String) c[0]);
      assertEquals(c[2], header(r, "Cache-Control"), (String) c[0]);
      assertEquals("bytes", header(r, "Accept-Ranges"));
      assertTrue(header(r, "ETag").matches("\"[A-Za-z0-9_-]{22}\""), header(r, "ETag"));
    }
    var seg = get(url(PREFIX + "video-1080/seg-3.m4s"));
    assertArrayEquals(segment, seg.body());
    assertEquals(String.valueOf(segment.length), header(seg, "Content-Length"));
    assertTrue(body(get(url(PREFIX + "master.m3u8"))).startsWith("#EXTM3U"));
  }

  @Test
  void relativeSegmentUrlsResolveUnderTheSameToken() throws Exception {
    URI manifest = URI.create(base + url(PREFIX + "master.m3u8"));
    URI seg = manifest.resolve("video-1080/seg-3.m4s");
    var r = send(HttpRequest.newBuilder(seg));
    assertEquals(200, r.statusCode());
    assertArrayEquals(segment, r.body());
  }

  @Test
  void rangesGive206AndPastTheEndGives416() throws Exception {
    String seg = url(PREFIX + "video-1080/seg-3.m4s");
    var r = get(seg, "Range", "bytes=100-199");
    assertEquals(206, r.statusCode());
    assertEquals("bytes 100-199/" + segment.length, header(r, "Content-Range"));
    assertArrayEquals(java.util.Arrays.copyOfRange(segment, 100, 200), r.body());

    var tail = get(seg, "Range", "bytes=-1000");
    assertEquals(206, tail.statusCode());
    assertArrayEquals(
        java.util.Arrays.copyOfRange(segment, segment.length - 1000, segment.length), tail.body());

    var open = get(seg, "Range", "bytes=199000-");
    assertEquals(206, open.statusCode());
    assertEquals(1000, open.body().length);

    var small = get(url(PREFIX + "master.m3u8"), "Range", "bytes=0-6");
    assertEquals(206, small.statusCode());
    assertEquals("#EXTM3U", body(small));

    var past = get(seg, "Range", "bytes=" + segment.length + "-");
    assertEquals(416, past.statusCode());
    assertEquals("bytes */" + segment.length, header(past, "Content-Range"));

    // A stale If-Range means: send it all.
    var stale = get(seg, "Range", "bytes=0-9", "If-Range", "\"stale\"");
    assertEquals(200, stale.statusCode());
    assertEquals(segment.length, stale.body().length);
  }

  @Test
  void ifNoneMatchGives304() throws Exception {
    String seg = url(PREFIX + "video-1080/seg-3.m4s");
    String etag = header(get(seg), "ETag");
    var r = get(seg, "If-None-Match", etag);
    assertEquals(304, r.statusCode());
    assertEquals(0, r.body().length);
    assertEquals(etag, header(r, "ETag"));
    assertEquals(200, get(seg, "If-None-Match", "\"other\"").statusCode());
    assertEquals(304, get(seg, "If-None-Match", "\"other\", W/" + etag).statusCode());
  }

  @Test
  void headGivesTheHeadersWithoutABody() throws Exception {
    var r =
        send(
            HttpRequest.newBuilder(URI.create(base + url(PREFIX + "video-1080/seg-3.m4s")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, r.statusCode());
    assertEquals(String.valueOf(segment.length), header(r, "Content-Length"));
    assertEquals("video/iso.segment", header(r, "Content-Type"));
    assertEquals(0, r.body().length);
  }

  @Test
  void corsForBrowserPlayers() throws Exception {
    var pre =
        send(
            HttpRequest.newBuilder(URI.create(base + url(PREFIX + "video-1080/seg-3.m4s")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://player.example")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "range"));
    assertEquals(204, pre.statusCode());
    assertEquals("*", header(pre, "Access-Control-Allow-Origin"));
    assertTrue(header(pre, "Access-Control-Allow-Headers").contains("Range"));
    assertTrue(header(pre, "Access-Control-Allow-Methods").contains("GET"));

    var r =
        get(
            url(PREFIX + "video-1080/seg-3.m4s"),
            "Origin",
            "https://player.example",
            "Range",
            "bytes=0-9");
    assertEquals("*", header(r, "Access-Control-Allow-Origin"));
    assertTrue(header(r, "Access-Control-Expose-Headers").contains("Content-Range"));
    assertTrue(header(r, "Access-Control-Expose-Headers").contains("ETag"));
    // Errors too, so the player can read the status.
    var denied = get("/edge/x.y/" + PREFIX + "master.m3u8", "Origin", "https://player.example");
    assertEquals(403, denied.statusCode());
    assertEquals("*", header(denied, "Access-Control-Allow-Origin"));
  }

  @Test
  void aMissingTokenIs401() throws Exception {
    for (String p : new String[] {"/edge", "/edge/", "/edge/" + PREFIX + "master.m3u8"}) {
      var r = get(p);
      assertEquals(401, r.statusCode(), p);
      assertEquals("application/problem+json", header(r, "Content-Type"), p);
    }
  }

  @Test
  void forgedExpiredAndWrongPrefixTokensAre403() throws Exception {
    String expired =
        new EdgeTokens(
                Map.of("k1", new byte[32]),
                "",
                Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC))
            .mint("s", "a", PREFIX, Duration.ofHours(1));
    String forged =
        new EdgeTokens(
                Map.of(
                    "k1",
                    new byte[] {
                      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                      23, 24, 25, 26, 27, 28, 29, 30, 31, 32
                    }),
                "",
                Clock.systemUTC())
            .mint("s", "a", PREFIX, Duration.ofHours(1));
    String other = edge.tokens().mint("s", "a", "packages/43/v1-a1/", Duration.ofHours(1));
    for (String t : new String[] {expired, forged, "garbage.token"}) {
      var r = get("/edge/" + t + "/" + PREFIX + "master.m3u8");
      assertEquals(403, r.statusCode(), t);
      assertEquals("application/problem+json", header(r, "Content-Type"));
    }
    assertTrue(body(get("/edge/" + expired + "/" + PREFIX + "master.m3u8")).contains("expired"));
    var wrong = get("/edge/" + other + "/" + PREFIX + "master.m3u8");
    assertEquals(403, wrong.statusCode());
    // Existing or not, another title's key answers the same.
    var wrongMissing = get("/edge/" + other + "/" + PREFIX + "nothing.m3u8");
    assertEquals(403, wrongMissing.statusCode());
    assertEquals(body(wrong), body(wrongMissing));
  }

  @Test
  void traversalIsRejectedAndRevealsNothing() throws Exception {
    String[] hostile = {
      PREFIX + "../../43/v1-a1/master.m3u8",
      PREFIX + "../../../secret",
      PREFIX + "./master.m3u8",
      PREFIX + "%2e%2e/%2e%2e/43/v1-a1/master.m3u8",
      PREFIX + "%2E%2E%2F%2E%2E%2Fsecret",
      PREFIX + "video-1080%2fseg-3.m4s",
      PREFIX + "..%5C..%5Csecret",
      PREFIX + "master.m3u8%00.jpg",
      PREFIX + "/master.m3u8",
      "/secret",
      PREFIX + "%252e%252e/secret",
    };
    String firstBody = null;
    for (String h : hostile) {
      var r = get("/edge/" + token + "/" + h);
      assertTrue(r.statusCode() == 400 || r.statusCode() == 404, h + " -> " + r.statusCode());
      String b = body(r);
      assertFalse(b.contains("secret") || b.contains("EXTM3U") || b.contains("43"), b);
      if (r.statusCode() == 400) {
        firstBody = firstBody == null ? b : firstBody;
        assertEquals(firstBody, b, "same answer whatever the target");
      }
    }
    // Same answer for a climb to something that exists and to something that does not.
    var exists = get("/edge/" + token + "/" + PREFIX + "../../43/v1-a1/master.m3u8");
    var absent = get("/edge/" + token + "/" + PREFIX + "../../44/v1-a1/master.m3u8");
    assertEquals(exists.statusCode(), absent.statusCode());
    assertEquals(body(exists), body(absent));
  }

  @Test
  void unknownObjectsAndUnservedTypesAre404() throws Exception {
    var missing = get(url(PREFIX + "video-1080/seg-99.m4s"));
    assertEquals(404, missing.statusCode());
    assertEquals("application/problem+json", header(missing, "Content-Type"));
    var txt = get(url(PREFIX + "notes.txt"));
    assertEquals(404, txt.statusCode());
    assertEquals(body(missing), body(txt));
  }

  @Test
  void onlyReadMethodsAreAllowed() throws Exception {
    var r = send(HttpRequest.newBuilder(URI.create(base + url(PREFIX + "master.m3u8"))).DELETE());
    assertEquals(405, r.statusCode());
  }

  @Test
  void statsCountHitsAndOriginReads() throws Exception {
    String key = PREFIX + "poster.jpg";
    get(url(key));
    get(url(key));
    var r = get("/edge/_stats");
    assertEquals(200, r.statusCode());
    assertTrue(body(r).contains("\"originReads\""), body(r));
    var s = edge.cache().stats();
    assertTrue(s.diskHits() >= 1, s.toString());
    assertTrue(s.originReads() <= 6, s.toString());
  }
}

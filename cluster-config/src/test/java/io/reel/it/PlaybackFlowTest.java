package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.domain.title.TitleId;
import io.reel.origin.keys.ContentKey;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.KafkaEvents;
import io.reel.testing.MediaChecks;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against real Cassandra, one node with every role: a viewer signs in, subscribes and presses play
 * on a packaged title; the answer's manifests come from the edge under a signed token, the licence
 * server hands the title's key to that session only, heartbeats keep the session and the resume
 * position, and the plan's stream limit names the device in the way. The hostile cases get the
 * right 4xx and reveal nothing.
 */
class PlaybackFlowTest {

  private static TestNode node;
  private static String keyspace;
  private static String base;
  private static String titleId;
  private static Path outbox;
  private static String topic;
  private static final HttpClient RAW = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    keyspace = TestInfra.freshKeyspace(PlaybackFlowTest.class);
    node =
        TestNode.start(
            keyspace,
            topic = TestInfra.freshTopic("title-events"),
            List.of("write", "read", "projection", "transcode", "edge"),
            Optional.empty(),
            Map.of(
                "reel.edge.cache.dir",
                "target/media/" + keyspace + "/edge-cache",
                "reel.playback.session-timeout",
                "60s"));
    base = node.baseUrl();
    outbox = Path.of("target/mail", keyspace + ".jsonl");

    titleId =
        MediaChecks.publishedTitle(
            base,
            Path.of("target/media", keyspace, "sources"),
            "{\"title\":\"Night Train\",\"year\":2026,\"genres\":[\"Drama\"],\"maturityRating\":\"R\"}",
            6);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  /** A packaged title's card says it plays and where its poster is, which anyone may fetch. */
  @Test
  void aPackagedTitlesCardCarriesItsPosterWhichAnyoneMayFetch() throws Exception {
    JsonNode card =
        Eventually.get(
            () -> {
              JsonNode hits = Http.get(base + "/search?q=night+train").json().get("results");
              if (hits.isEmpty() || !hits.get(0).get("playable").asBoolean()) {
                throw new AssertionError("not a playable card yet: " + hits);
              }
              return hits.get(0);
            });
    assertEquals(titleId, card.get("id").asText());
    assertEquals("/catalog/titles/" + titleId + "/poster", card.get("poster").asText());
    Eventually.assertThat(
        () -> {
          JsonNode rows = Http.get(base + "/home").json().get("rows");
          assertEquals("playable", rows.get(0).get("id").asText(), rows.toString());
          assertEquals(titleId, rows.get(0).get("titles").get(0).get("id").asText());
        });
    JsonNode page = Http.get(base + "/catalog/titles/" + titleId).json();
    assertTrue(page.get("playable").asBoolean(), page.toString());
    assertEquals(card.get("poster").asText(), page.get("poster").asText());

    HttpResponse<byte[]> poster =
        RAW.send(
            HttpRequest.newBuilder(URI.create(base + card.get("poster").asText())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, poster.statusCode());
    assertEquals("image/jpeg", poster.headers().firstValue("Content-Type").orElse(""));
    assertEquals((byte) 0xFF, poster.body()[0]);
    assertEquals((byte) 0xD8, poster.body()[1]);
    String etag = poster.headers().firstValue("ETag").orElseThrow();
    assertEquals(
        304,
        RAW.send(
                HttpRequest.newBuilder(URI.create(base + card.get("poster").asText()))
                    .header("If-None-Match", etag)
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode());

    // No poster for what is not a published, packaged title, nor for what is not an id.
    for (String path :
        List.of("/catalog/titles/1/poster", "/catalog/titles/..%2F..%2Fetc/poster")) {
      Http.Response r = Http.get(base + path);
      assertEquals(404, r.status(), path);
      assertFalse(r.body().contains("Exception"), r.body());
    }
  }

  /**
   * What a fresh local Reel does on first start: a generated clip goes onto a catalog title found
   * by title and year, through the pipeline, until it plays; a sample whose title is not in the
   * catalog is skipped.
   */
  @Test
  void sampleClipsArePackagedOntoCatalogTitles() throws Exception {
    Http.Response created =
        Http.post(
            base + "/admin/titles",
            "{\"title\":\"Quasar Lullaby\",\"year\":1999,\"genres\":[\"Drama\"]}");
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();
    assertEquals(200, Http.post(base + "/admin/titles/" + id + "/publish", "").status());
    // The operator's console watches it: pushed states, from the title as it is to packaged.
    List<JsonNode> pushed = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream =
        RAW.sendAsync(
            Http.asOperator(
                    base + "/admin/titles/" + id + "/watch",
                    HttpRequest.newBuilder(URI.create(base + "/admin/titles/" + id + "/watch"))
                        .header("Accept", "text/event-stream"))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    Thread reader =
        new Thread(
            () ->
                stream
                    .join()
                    .body()
                    .filter(l -> l.startsWith("data:"))
                    .map(
                        l -> {
                          try {
                            return Http.JSON.readTree(l.substring(5));
                          } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                          }
                        })
                    .takeWhile(
                        t -> {
                          pushed.add(t);
                          return !t.get("media").get("status").asText().equals("packaged");
                        })
                    .count());
    reader.start();
    Eventually.assertThat(() -> assertFalse(pushed.isEmpty()));
    assertEquals("none", pushed.get(0).get("media").get("status").asText(), pushed.toString());
    List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<io.reel.node.SampleTitles.Attached> attached =
        new io.reel.node.SampleTitles(node.node())
            .attach(
                List.of(
                    new io.reel.node.SampleTitles.Sample("Quasar Lullaby", 1999, "life", 440),
                    new io.reel.node.SampleTitles.Sample("No Such Film", 1901, "mandelbrot", 330)),
                3,
                320,
                180,
                Path.of("target/media", keyspace, "samples"),
                java.time.Duration.ofSeconds(20),
                said::add);
    assertEquals(List.of(id), attached.stream().map(a -> a.titleId()).toList());
    assertTrue(said.stream().anyMatch(l -> l.contains("No Such Film")), said.toString());
    List<JsonNode> seen =
        MediaChecks.awaitStatus(base, id, java.time.Duration.ofMinutes(3), "packaged", "failed");
    assertEquals("packaged", seen.get(seen.size() - 1).get("status").asText(), seen.toString());
    reader.join(30_000);
    List<String> statuses =
        pushed.stream().map(t -> t.get("media").get("status").asText()).distinct().toList();
    assertEquals("packaged", statuses.get(statuses.size() - 1), statuses.toString());
    assertTrue(
        statuses.contains("uploaded") || statuses.contains("transcoding"), statuses.toString());
    stream.join().body().close();
    Eventually.assertThat(
        () ->
            assertTrue(
                Http.get(base + "/catalog/titles/" + id).json().get("playable").asBoolean()));
  }

  /** Kids stay kids: a PIN lets a grown-up profile play above its limit, never a kids profile. */
  @Test
  void aPinUnlocksAGrownUpProfileAboveItsLimitButNeverAKidsProfile() throws Exception {
    Viewer viewer = Viewer.signUp(base, outbox, "pins-" + keyspace + "@example.com");
    String teen = pinned(viewer, "Teen", false, "PG-13", "2468");
    String kid = pinned(viewer, "Kid", true, "G", "1357");
    viewer.subscribe("basic");
    // The title is rated R: refused without the PIN (once the entitlement is there), and with a
    // wrong one.
    Eventually.assertThat(
        () -> {
          Http.Response r = viewer.send("POST", "/v1/play", play(teen, "den"));
          assertEquals(403, r.status(), r.body());
        });
    assertEquals(403, viewer.send("POST", "/v1/play", withPin(play(teen, "den"), "0000")).status());
    assertEquals(403, viewer.send("POST", "/v1/play", withPin(play(kid, "den"), "1357")).status());
    Http.Response unlocked = viewer.send("POST", "/v1/play", withPin(play(teen, "den"), "2468"));
    assertEquals(201, unlocked.status(), unlocked.body());
    viewer.send(
        "POST",
        unlocked.json().get("heartbeatUrl").asText().replace("/heartbeat", "/stop"),
        "{\"positionSeconds\":1}");
    // Guessing is throttled: after the free attempts, even the right PIN waits on this client.
    int status = 0;
    for (int i = 0; i < 12 && status != 429; i++) {
      status =
          viewer
              .send("POST", "/v1/play", withPin(play(teen, "den"), String.format("9%03d", i)))
              .status();
    }
    assertEquals(429, status);
    assertEquals(429, viewer.send("POST", "/v1/play", withPin(play(teen, "den"), "2468")).status());
  }

  private static String pinned(Viewer viewer, String name, boolean kids, String limit, String pin) {
    Http.Response r =
        viewer.send(
            "POST",
            "/accounts/me/profiles",
            "{\"name\":\""
                + name
                + "\",\"kids\":"
                + kids
                + ",\"maturityLimit\":\""
                + limit
                + "\",\"pin\":\""
                + pin
                + "\"}");
    assertEquals(201, r.status(), r.body());
    for (JsonNode p : viewer.send("GET", "/accounts/me/profiles", null).json().get("profiles")) {
      if (p.get("name").asText().equals(name)) {
        return p.get("profileId").asText();
      }
    }
    throw new AssertionError("no profile " + name);
  }

  private static String withPin(String playBody, String pin) {
    return playBody.substring(0, playBody.length() - 1) + ",\"pin\":\"" + pin + "\"}";
  }

  private static String play(String profile, String device) {
    return "{\"profileId\":\""
        + profile
        + "\",\"titleId\":\""
        + titleId
        + "\",\"deviceId\":\""
        + device
        + "\",\"deviceName\":\"My "
        + device
        + "\"}";
  }

  private static HttpResponse<byte[]> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return RAW.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Http.Response licence(String url, String kidHex) {
    String kid =
        Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(kidHex));
    return Viewer.send(
        base, "POST", url, "{\"kids\":[\"" + kid + "\"],\"type\":\"temporary\"}", null);
  }

  @Test
  void aViewerPlaysAProtectedTitleThroughTheEdgeAndResumesOnAnotherDevice() throws Exception {
    Viewer viewer = Viewer.signUp(base, outbox, "watcher-" + keyspace + "@example.com");
    String adult = viewer.addProfile("Sam", false, "NR");
    String kids = viewer.addProfile("Kit", true, "G");

    // Not subscribed yet: 402.
    assertEquals(402, viewer.send("POST", "/v1/play", play(adult, "tv")).status());
    viewer.subscribe("basic"); // one stream at 720p
    Http.Response started =
        Eventually.get(
            () -> {
              Http.Response r = viewer.send("POST", "/v1/play", play(adult, "tv"));
              assertEquals(201, r.status(), r.body());
              return r;
            });
    JsonNode tv = started.json();
    assertEquals(0.0, tv.get("resumeAt").asDouble());
    assertEquals(1, tv.get("maxStreams").asInt());
    assertEquals(360, tv.get("maxHeight").asInt(), "the plan allows 720p, the ladder tops at 360p");

    // Malformed and incomplete requests; an unknown title.
    assertEquals(400, viewer.send("POST", "/v1/play", "{\"profileId\":").status());
    assertEquals(
        422, viewer.send("POST", "/v1/play", "{\"profileId\":\"" + adult + "\"}").status());
    assertEquals(
        404,
        viewer.send("POST", "/v1/play", play(adult, "tv").replace(titleId, "999999999")).status());
    assertEquals(401, Viewer.send(base, "POST", "/v1/play", play(adult, "tv"), "forged").status());

    // The kids profile stops at its maturity limit; an unknown profile is not found.
    assertEquals(403, viewer.send("POST", "/v1/play", play(kids, "tablet")).status());
    assertEquals(404, viewer.send("POST", "/v1/play", play("nobody", "tablet")).status());

    // Manifests and segments come from the edge under the token.
    HttpResponse<byte[]> master = get(tv.get("hlsUrl").asText());
    assertEquals(200, master.statusCode());
    assertTrue(
        master.headers().firstValue("Content-Type").orElse("").contains("mpegurl"),
        master.headers().toString());
    String masterText = new String(master.body());
    assertTrue(masterText.contains("#EXT-X-STREAM-INF"), masterText);
    HttpResponse<byte[]> mpd = get(tv.get("dashUrl").asText());
    assertEquals(200, mpd.statusCode());
    assertTrue(new String(mpd.body()).contains("urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e"));
    String firstPlaylist =
        masterText.lines().filter(l -> l.endsWith(".m3u8")).findFirst().orElseThrow();
    String playlistUrl = URI.create(tv.get("hlsUrl").asText()).resolve(firstPlaylist).toString();
    String playlist = new String(get(playlistUrl).body());
    String init =
        playlist.lines().filter(l -> l.startsWith("#EXT-X-MAP")).findFirst().orElseThrow();
    String initName = init.substring(init.indexOf("URI=\"") + 5, init.lastIndexOf('"'));
    HttpResponse<byte[]> initPart =
        get(URI.create(playlistUrl).resolve(initName).toString(), "Range", "bytes=0-7");
    assertEquals(206, initPart.statusCode());
    assertEquals(8, initPart.body().length);

    // Forged, foreign-path and hostile edge requests.
    String token = tv.get("token").asText();
    String hls = tv.get("hlsUrl").asText();
    String forged = hls.replace(token, token.substring(0, token.length() - 2) + "AA");
    assertEquals(403, get(forged).statusCode());
    String elsewhere = hls.replace("packages/" + titleId + "/", "packages/1/");
    assertEquals(403, get(elsewhere).statusCode());
    assertTrue(get(hls.replace("master.m3u8", "..%2F..%2F..%2Fkeys")).statusCode() / 100 == 4);
    assertEquals(404, get(hls.replace("master.m3u8", "nothing-here.m4s")).statusCode());

    // The licence: the title's key for this session, nothing for anyone else.
    String kid = keyId();
    Http.Response granted = licence(tv.get("licenceUrl").asText(), kid);
    assertEquals(200, granted.status(), granted.body());
    ContentKey key =
        node.node()
            .media()
            .orElseThrow()
            .keys()
            .orElseThrow()
            .packageKeys(
                TitleId.parse(titleId).orElseThrow(),
                MediaChecks.media(base, titleId).get("current").get("sourceVersion").asInt())
            .toCompletableFuture()
            .get()
            .lowest();
    assertEquals(kid, key.kidHex());
    assertEquals(
        Base64.getUrlEncoder().withoutPadding().encodeToString(key.key()),
        granted.json().get("keys").get(0).get("k").asText());
    assertEquals(403, licence(base + "/licence/" + token + "x", kid).status());
    assertEquals(
        403, licence(tv.get("licenceUrl").asText(), "00112233445566778899aabbccddeeff").status());
    assertEquals(401, Viewer.send(base, "POST", "/licence", "{\"kids\":[]}", null).status());

    // Heartbeats; another account cannot touch the session.
    String heartbeat = tv.get("heartbeatUrl").asText();
    Http.Response beat =
        viewer.send(
            "POST",
            heartbeat,
            "{\"positionSeconds\":3.5,\"qoe\":[{\"kind\":\"startup\",\"millis\":480}]}");
    assertEquals(200, beat.status(), beat.body());
    assertTrue(beat.json().get("open").asBoolean());
    Viewer stranger = Viewer.signUp(base, outbox, "stranger-" + keyspace + "@example.com");
    assertEquals(404, stranger.send("POST", heartbeat, "{\"positionSeconds\":1}").status());
    assertEquals(422, viewer.send("POST", heartbeat, "{\"positionSeconds\":-4}").status());

    // One stream on this plan: a second device is refused, naming the first.
    Http.Response refused = viewer.send("POST", "/v1/play", play(adult, "phone"));
    assertEquals(409, refused.status(), refused.body());
    assertTrue(refused.body().contains("My tv"), refused.body());
    // ...which the journal keeps only sealed under the account's key (erased when it closes).
    for (String table : List.of("messages", "tag_views")) {
      for (com.datastax.oss.driver.api.core.cql.Row row :
          TestInfra.session().execute("SELECT event FROM " + keyspace + "." + table)) {
        java.nio.ByteBuffer b = row.getByteBuffer("event");
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        assertFalse(
            new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("My tv"),
            "a device name in plain text in " + table);
      }
    }

    // The TV stops; the phone gets the slot and resumes where the TV was.
    String stop = heartbeat.replace("/heartbeat", "/stop");
    assertEquals(200, viewer.send("POST", stop, "{\"positionSeconds\":4.0}").status());
    Http.Response phone = viewer.send("POST", "/v1/play", play(adult, "phone"));
    assertEquals(201, phone.status(), phone.body());
    assertEquals(4.0, phone.json().get("resumeAt").asDouble(), 0.001);
    assertNotEquals(token, phone.json().get("token").asText());
    // The stopped session's licence URL no longer gets keys.
    assertEquals(403, licence(tv.get("licenceUrl").asText(), kid).status());

    // Analysts see the TV session on Kafka: started, the startup report, ended by the viewer.
    List<JsonNode> events =
        KafkaEvents.consume(topic + ".playback", tv.get("sessionId").asText(), 3);
    assertEquals(
        List.of("session-started", "qoe", "session-ended"),
        events.stream().map(e -> e.get("type").asText()).toList(),
        events.toString());
    assertEquals("startup", events.get(1).get("qoe").get("kind").asText());
    assertEquals(480, events.get(1).get("qoe").get("millis").asLong());
    assertEquals("stopped", events.get(2).get("endReason").asText());
    assertEquals(4.0, events.get(2).get("positionSeconds").asDouble(), 0.001);
  }

  private static String keyId() {
    return MediaChecks.media(base, titleId).get("current").get("keyId").asText();
  }
}

package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.domain.media.ResolutionTier;
import io.reel.domain.title.TitleId;
import io.reel.origin.ObjectStore;
import io.reel.origin.keys.ContentKey;
import io.reel.origin.keys.PackageKeys;
import io.reel.testing.BrowserPlayers;
import io.reel.testing.BrowserPlayers.Player;
import io.reel.testing.BrowserPlayers.Result;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.MediaChecks;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import io.reel.transcode.MediaServices;
import io.reel.transcode.pack.Mp4Boxes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A basic-plan (720p) viewer of a title packaged up to 1080p, trying to get more than the plan: the
 * 1080p rendition's segments with its own token, the 1080p key from the licence server, the
 * manifests, and the 1080p files themselves, which its keys do not decrypt (each tier has its own
 * key); then a stopped session's token, which must stop working once it expires, with no renewal.
 * Tokens live 4 s here (heartbeats every 1 s), so the bound is seconds, not minutes: real players
 * in Chromium keep playing past the first token's expiry only by taking the renewed tokens from
 * their heartbeats.
 */
class PlanLimitsPlaybackTest {

  private static final Duration TOKEN_TTL = Duration.ofSeconds(4);

  /** Playback is held this long before the forced switch: past the first token's expiry. */
  private static final Duration SWITCH_AFTER = TOKEN_TTL.plusSeconds(3);

  private static TestNode node;
  private static String base;
  private static String titleId;
  private static String longTitleId;
  private static Path outbox;
  private static final HttpClient RAW = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    String keyspace = TestInfra.freshKeyspace(PlanLimitsPlaybackTest.class);
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("title-events"),
            List.of("write", "read", "projection", "transcode", "edge"),
            Optional.empty(),
            Map.of(
                "reel.edge.token-ttl",
                TOKEN_TTL.toMillis() + "ms",
                "reel.playback.api.heartbeat-every",
                "1s",
                "reel.edge.listener.port",
                0));
    base = node.baseUrl();
    outbox = Path.of("target/mail", keyspace + ".jsonl");
    // Tiny but tall: 2 s at 5 fps, so the ladder has a 1080p, a 720p and smaller rungs.
    titleId =
        MediaChecks.publishedTitle(
            base,
            Path.of("target/media", keyspace, "sources"),
            "{\"title\":\"Tall Tale\",\"year\":2026,\"genres\":[\"Drama\"],\"maturityRating\":\"PG\"}",
            2,
            1920,
            1080,
            5);
    // Long enough to be still playing well after the first token has expired.
    longTitleId =
        MediaChecks.publishedTitle(
            base,
            Path.of("target/media", keyspace, "sources"),
            "{\"title\":\"Long Road\",\"year\":2026,\"genres\":[\"Drama\"],\"maturityRating\":\"PG\"}",
            14,
            640,
            360,
            10);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static String play(String profile, String device) {
    return play(profile, device, titleId);
  }

  private static String play(String profile, String device, String title) {
    return "{\"profileId\":\""
        + profile
        + "\",\"titleId\":\""
        + title
        + "\",\"deviceId\":\""
        + device
        + "\",\"deviceName\":\""
        + device
        + "\"}";
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return RAW.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
  }

  private static Http.Response licence(String url, String... kidsHex) {
    String kids =
        java.util.Arrays.stream(kidsHex)
            .map(
                k ->
                    "\""
                        + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(HexFormat.of().parseHex(k))
                        + "\"")
            .collect(Collectors.joining(","));
    return Viewer.send(base, "POST", url, "{\"kids\":[" + kids + "],\"type\":\"temporary\"}", null);
  }

  private static String heartbeat(String token) {
    return "{\"positionSeconds\":0.5,\"token\":\"" + token + "\"}";
  }

  @Test
  void aBasicViewerGetsNothingAbove720pAndAStoppedSessionsTokenDies() throws Exception {
    JsonNode media = MediaChecks.media(base, titleId).get("current");
    String top = null;
    for (JsonNode r : media.get("renditions")) {
      if (r.get("height").asInt() == 1080) {
        top = r.get("id").asText();
      }
    }
    assertTrue(top != null, "the ladder has a 1080p rung: " + media);

    Viewer viewer = Viewer.signUp(base, outbox, "basic-" + titleId + "@example.com");
    String profile = viewer.addProfile("Ana", false, "NR");
    viewer.subscribe("basic");
    JsonNode session =
        Eventually.get(
                () -> {
                  Http.Response r = viewer.send("POST", "/v1/play", play(profile, "tv"));
                  assertEquals(201, r.status(), r.body());
                  return r;
                })
            .json();
    assertEquals(720, session.get("maxHeight").asInt());
    String token = session.get("token").asText();
    String hls = session.get("hlsUrl").asText();
    String pkg = hls.substring(0, hls.lastIndexOf('/') + 1);

    // The manifests list nothing above 720p.
    String master = get(hls).body();
    assertTrue(master.contains("#EXT-X-STREAM-INF"), master);
    assertFalse(master.contains("x1080"), master);
    assertFalse(master.contains("media_" + top + ".m3u8"), master);
    String mpd = get(session.get("dashUrl").asText()).body();
    assertFalse(mpd.contains("height=\"1080\""), mpd);
    assertTrue(mpd.contains("height=\"720\""), mpd);

    // The 1080p files by their names, with the viewer's own valid token: refused.
    assertEquals(403, get(pkg + "init-" + top + ".m4s").statusCode());
    assertEquals(403, get(pkg + "seg-" + top + "-00001.m4s").statusCode());
    assertEquals(403, get(pkg + "media_" + top + ".m3u8").statusCode());
    String allowed = master.lines().filter(l -> l.endsWith(".m3u8")).findFirst().orElseThrow();
    String id = allowed.substring("media_".length(), allowed.length() - ".m3u8".length());
    assertEquals(200, get(pkg + "init-" + id + ".m4s").statusCode());

    // Keys per tier for this package version: the 1080p key is not released to a 720p session.
    TitleId title = TitleId.parse(titleId).orElseThrow();
    int version = media.get("sourceVersion").asInt();
    PackageKeys keys =
        node.node()
            .media()
            .orElseThrow()
            .keys()
            .orElseThrow()
            .packageKeys(title, version)
            .toCompletableFuture()
            .get();
    String sd = keys.forTier(ResolutionTier.SD).kidHex();
    String hd = keys.forTier(ResolutionTier.HD).kidHex();
    String fhd = keys.forTier(ResolutionTier.FHD).kidHex();
    String licenceUrl = session.get("licenceUrl").asText();
    assertEquals(403, licence(licenceUrl, fhd).status());
    assertEquals(403, licence(licenceUrl, keys.forTier(ResolutionTier.UHD).kidHex()).status());
    Http.Response some = licence(licenceUrl, sd, hd, fhd);
    assertEquals(200, some.status(), some.body());
    List<String> released = some.json().get("keys").findValuesAsText("kid");
    assertEquals(2, released.size(), some.body());
    String fhdB64 =
        Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(fhd));
    assertFalse(released.contains(fhdB64), some.body());

    // A heartbeat that sends the token back gets a fresh one, which the edge accepts.
    String heartbeatUrl = session.get("heartbeatUrl").asText();
    Http.Response beat = viewer.send("POST", heartbeatUrl, heartbeat(token));
    assertEquals(200, beat.status(), beat.body());
    String renewed = beat.json().get("token").asText();
    assertFalse(
        Instant.parse(beat.json().get("tokenExpiresAt").asText())
            .isBefore(Instant.parse(session.get("tokenExpiresAt").asText())),
        beat.body());
    assertEquals(200, get(hls.replace(token, renewed)).statusCode());
    // The renewed token grants no more than the first: still no 1080p.
    assertEquals(403, get(pkg.replace(token, renewed) + "init-" + top + ".m4s").statusCode());

    // Another account cannot renew with a stolen token, nor can this one for another session.
    Viewer thief = Viewer.signUp(base, outbox, "thief-" + titleId + "@example.com");
    assertEquals(404, thief.send("POST", heartbeatUrl, heartbeat(renewed)).status());
    String forged = renewed.substring(0, renewed.length() - 2) + "AA";
    assertEquals(403, viewer.send("POST", heartbeatUrl, heartbeat(forged)).status());

    // The viewer stops: no renewal, and the tokens in hand die by their expiry.
    String stop = heartbeatUrl.replace("/heartbeat", "/stop");
    assertEquals(200, viewer.send("POST", stop, "{\"positionSeconds\":1}").status());
    assertEquals(404, viewer.send("POST", heartbeatUrl, heartbeat(renewed)).status());
    Instant expires = Instant.parse(beat.json().get("tokenExpiresAt").asText());
    // Expiry is checked to the second: wait until the second after it has begun.
    long wait = Duration.between(Instant.now(), expires).toMillis() + 1_000;
    if (wait > 0) {
      Thread.sleep(wait);
    }
    assertEquals(403, get(hls.replace(token, renewed)).statusCode());
    assertEquals(403, get(pkg.replace(token, renewed) + "init-" + id + ".m4s").statusCode());
    assertEquals(403, get(hls).statusCode());
  }

  @Test
  void eachTierOfTheStoredPackageHasItsOwnKeyAndLowerKeysDoNotDecryptIt() throws Exception {
    JsonNode media = MediaChecks.media(base, titleId).get("current");
    TitleId title = TitleId.parse(titleId).orElseThrow();
    MediaServices services = node.node().media().orElseThrow();
    PackageKeys keys =
        services
            .keys()
            .orElseThrow()
            .packageKeys(title, media.get("sourceVersion").asInt())
            .toCompletableFuture()
            .get();
    ObjectStore store = services.store();
    String location = media.get("location").asText();
    Path dir = store.localPath(location + "/manifest.mpd").orElseThrow().getParent();

    Map<Integer, String> byHeight = new java.util.HashMap<>();
    for (JsonNode r : media.get("renditions")) {
      String id = r.get("id").asText();
      boolean video = "video".equals(r.get("kind").asText());
      int height = r.get("height").asInt();
      ContentKey expected = video ? keys.forHeight(height) : keys.lowest();
      byte[] init = Files.readAllBytes(dir.resolve("init-" + id + ".m4s"));
      assertArrayEquals(
          expected.kid(), Mp4Boxes.tencDefaultKids(init).get(0), "tenc of rendition " + r);
      if (video) {
        byHeight.put(height, id);
      }
    }
    assertTrue(byHeight.containsKey(1080) && byHeight.containsKey(720), byHeight.toString());
    String sd = byHeight.get(byHeight.keySet().stream().min(Integer::compare).orElseThrow());
    byte[] hdKid = kidOf(dir, byHeight.get(720));
    assertFalse(java.util.Arrays.equals(hdKid, kidOf(dir, sd)), "HD and SD key ids differ");
    assertFalse(
        java.util.Arrays.equals(hdKid, kidOf(dir, byHeight.get(1080))),
        "HD and FHD key ids differ");

    // The 1080p files, had a 720p viewer got them: only the FHD key decodes them.
    String top = byHeight.get(1080);
    Path fhd =
        MediaChecks.join(
            dir,
            Files.createTempFile("fhd", ".mp4"),
            "init-" + top + ".m4s",
            "seg-" + top + "-00001.m4s");
    try {
      assertEquals(
          "",
          MediaChecks.decodeErrors(
              fhd, "-decryption_key", keys.forTier(ResolutionTier.FHD).keyHex()));
      for (ResolutionTier lower : List.of(ResolutionTier.SD, ResolutionTier.HD)) {
        assertNotEquals(
            "",
            MediaChecks.decodeErrors(fhd, "-decryption_key", keys.forTier(lower).keyHex()),
            "the " + lower + " key must not decode the 1080p rendition");
      }
    } finally {
      Files.deleteIfExists(fhd);
    }
  }

  private static byte[] kidOf(Path dir, String rendition) throws Exception {
    return Mp4Boxes.tencDefaultKids(Files.readAllBytes(dir.resolve("init-" + rendition + ".m4s")))
        .get(0);
  }

  /** A fresh basic viewer's session on the long title. */
  private static JsonNode longSession(Viewer viewer, String device) throws Exception {
    String profile = viewer.addProfile("Bo", false, "NR");
    viewer.subscribe("basic");
    return Eventually.get(
            () -> {
              Http.Response r = viewer.send("POST", "/v1/play", play(profile, device, longTitleId));
              assertEquals(201, r.status(), r.body());
              return r;
            })
        .json();
  }

  private static BrowserPlayers.Spec spec(Player player, JsonNode s) {
    return BrowserPlayers.Spec.of(
        player,
        s.get("hlsUrl").asText(),
        s.get("dashUrl").asText(),
        s.get("licenceUrl").asText(),
        Map.of());
  }

  @ParameterizedTest
  @EnumSource(Player.class)
  void playersKeepPlayingPastTheFirstTokensExpiryWithRenewedTokens(Player player) throws Exception {
    Viewer viewer =
        Viewer.signUp(base, outbox, "renew-" + player.id() + "-" + titleId + "@example.com");
    JsonNode s = longSession(viewer, "renew-" + player.id());
    try {
      Instant firstExpiry = Instant.parse(s.get("tokenExpiresAt").asText());
      Instant started = Instant.now();
      // The switch comes a whole second after the first token's expiry (checked to the second).
      assertTrue(started.plus(SWITCH_AFTER).isAfter(firstExpiry.plusSeconds(1)), s.toString());
      BrowserPlayers.Renewal renewal =
          new BrowserPlayers.Renewal(
              s.get("token").asText(),
              s.get("heartbeatUrl").asText(),
              viewer.accessToken(),
              Duration.ofSeconds(s.get("heartbeatEverySeconds").asLong()));
      Result r =
          BrowserPlayers.play(
              spec(player, s).renewing(renewal, SWITCH_AFTER, Duration.ofSeconds(90)));
      String why = r.figures() + "\n" + r.summary();
      System.out.println("RENEWAL " + r.figures() + ", renewals " + r.tokenRenewals());

      assertTrue(r.advanced(), why);
      assertFalse(r.anyFatalError(), why);
      assertTrue(r.tokenRenewals() >= 2, "heartbeats renewed the token: " + why);
      assertTrue(r.tokenRewrites() > 0, "requests carried a renewed token: " + why);
      assertTrue(
          r.raw().path("beforeSwitch").path("atMs").asLong() >= SWITCH_AFTER.toMillis(), why);
      assertNotNull(r.forcedSwitch(), why);
      assertTrue(r.forcedSwitch().happened(), "a switch after the first expiry: " + why);
      assertNotNull(r.seek(), why);
      assertTrue(r.seek().resumed(), why);
      assertEquals(List.of(), r.mediaRefused(), "the edge refused nothing: " + why);
    } finally {
      viewer.send(
          "POST",
          s.get("heartbeatUrl").asText().replace("/heartbeat", "/stop"),
          "{\"positionSeconds\":1}");
    }
  }

  /** The control: the same run without renewal breaks at the switch, so the one above means it. */
  @Test
  void withoutRenewalTheSwitchAfterTheFirstExpiryIsRefused() throws Exception {
    Viewer viewer = Viewer.signUp(base, outbox, "norenew-" + titleId + "@example.com");
    JsonNode s = longSession(viewer, "norenew");
    try {
      Result r =
          BrowserPlayers.play(spec(Player.HLS, s).holding(SWITCH_AFTER, Duration.ofSeconds(90)));
      String why = r.figures() + "\n" + r.summary();
      // Whether the first token still plays the start depends on how fast the browser comes up
      // on a loaded machine; what matters is that nothing past its expiry is served.
      assertEquals(0, r.tokenRenewals(), why);
      assertTrue(r.mediaRefused().stream().anyMatch(x -> x.status() == 403), why);
      assertTrue(r.forcedSwitch() == null || !r.forcedSwitch().happened(), why);
    } finally {
      viewer.send(
          "POST",
          s.get("heartbeatUrl").asText().replace("/heartbeat", "/stop"),
          "{\"positionSeconds\":1}");
    }
  }

  /** Host-header games: the URLs a play answer hands out come from configuration. */
  @Test
  void aForgedHostHeaderDoesNotChooseThePlayAnswersUrls() throws Exception {
    Viewer viewer = Viewer.signUp(base, outbox, "host-" + titleId + "@example.com");
    JsonNode first = longSession(viewer, "host-a");
    // The same device again: it replaces the first session (the basic plan has one stream).
    String body = play(first.get("profileId").asText(), "host-a", longTitleId);
    int port = URI.create(base).getPort();
    String answer;
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("POST /v1/play HTTP/1.1\r\nHost: evil.example\r\n"
                      + "X-Forwarded-Host: evil.example\r\nForwarded: host=evil.example\r\n"
                      + "Authorization: Bearer "
                      + viewer.accessToken()
                      + "\r\nContent-Type: application/json\r\nContent-Length: "
                      + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                      + "\r\nConnection: close\r\n\r\n"
                      + body)
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
    JsonNode played = Http.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    for (String url : List.of("hlsUrl", "dashUrl", "licenceUrl", "heartbeatUrl")) {
      String u = played.get(url).asText();
      assertTrue(u.startsWith("http://127.0.0.1:"), url + " " + u);
      assertFalse(u.contains("evil"), url + " " + u);
    }
  }

  private static final class BodyHandlers {
    static HttpResponse.BodyHandler<String> ofString() {
      return HttpResponse.BodyHandlers.ofString();
    }
  }
}

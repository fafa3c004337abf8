package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.testing.BrowserPlayers;
import io.reel.testing.BrowserPlayers.ForcedSwitch;
import io.reel.testing.BrowserPlayers.Player;
import io.reel.testing.BrowserPlayers.Result;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.MediaChecks;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole stack in real browsers: a title ingested through the API, a viewer who signs in,
 * subscribes and calls play, and headless Chromium playing the encrypted title from the edge with
 * hls.js, dash.js and shaka-player, the keys coming from Reel's licence server for that session.
 * Without a valid token, playback fails.
 */
class BrowserPlaybackTest {

  private static TestNode node;
  private static String base;
  private static String titleId;
  private static Viewer viewer;
  private static String profile;

  @BeforeAll
  static void start() throws Exception {
    String keyspace = TestInfra.freshKeyspace(BrowserPlaybackTest.class);
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("title-events"),
            List.of("write", "read", "projection", "transcode", "edge"),
            Optional.empty(),
            Map.of());
    base = node.baseUrl();
    titleId =
        MediaChecks.publishedTitle(
            base,
            Path.of("target/media", keyspace, "sources"),
            "{\"title\":\"Test Pattern\",\"year\":2026}",
            8);

    viewer =
        Viewer.signUp(
            base, Path.of("target/mail", keyspace + ".jsonl"), "eyes-" + keyspace + "@example.com");
    profile = viewer.addProfile("Ada", false, "NR");
    viewer.subscribe("premium");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  /** A fresh session on its own device; stopped by the caller. */
  private static JsonNode play(String device) {
    String body =
        "{\"profileId\":\""
            + profile
            + "\",\"titleId\":\""
            + titleId
            + "\",\"deviceId\":\""
            + device
            + "\",\"deviceName\":\"Chromium "
            + device
            + "\"}";
    return Eventually.get(
        () -> {
          Http.Response r = viewer.send("POST", "/v1/play", body);
          assertEquals(201, r.status(), r.body());
          return r.json();
        });
  }

  private static void stop(JsonNode session) {
    String url = session.get("heartbeatUrl").asText().replace("/heartbeat", "/stop");
    assertEquals(200, viewer.send("POST", url, "{\"positionSeconds\":1}").status());
  }

  @ParameterizedTest
  @EnumSource(Player.class)
  void playsSeeksAndSwitchesWithKeysFromTheLicenceServer(Player player) throws Exception {
    JsonNode s = play(player.id());
    try {
      Result r =
          BrowserPlayers.play(
              BrowserPlayers.Spec.of(
                  player,
                  s.get("hlsUrl").asText(),
                  s.get("dashUrl").asText(),
                  s.get("licenceUrl").asText(),
                  Map.of()));
      String why = r.figures() + "\n" + r.summary();
      System.out.println("BROWSER " + r.figures());
      assertTrue(r.advanced(), "time advances: " + why);
      assertFalse(r.anyFatalError(), why);
      assertTrue(r.licenceResponses().stream().anyMatch(l -> l.status() == 200), why);
      ForcedSwitch sw = r.forcedSwitch();
      assertNotNull(sw, why);
      assertTrue(sw.happened(), "forced rendition switch: " + why);
      assertNotNull(r.seek(), why);
      assertTrue(r.seek().resumed(), "playback resumes after a seek to the middle: " + why);
    } finally {
      stop(s);
    }
  }

  @Test
  void withoutAValidTokenNothingPlays() throws Exception {
    JsonNode s = play("forger");
    try {
      String token = s.get("token").asText();
      String forged = token.substring(0, token.length() - 3) + "AAA";
      // A forged licence token: the manifests load, the key never comes.
      Result noKey =
          BrowserPlayers.play(
              BrowserPlayers.Spec.of(
                  Player.SHAKA,
                  s.get("hlsUrl").asText(),
                  s.get("dashUrl").asText(),
                  s.get("licenceUrl").asText().replace(token, forged),
                  Map.of()));
      assertFalse(noKey.advanced(), noKey.summary());
      assertTrue(
          noKey.licenceResponses().stream().noneMatch(l -> l.status() == 200), noKey.summary());
      // A forged edge token: not even the manifest.
      Result noManifest =
          BrowserPlayers.play(
              BrowserPlayers.Spec.of(
                  Player.HLS,
                  s.get("hlsUrl").asText().replace(token, forged),
                  s.get("dashUrl").asText(),
                  s.get("licenceUrl").asText(),
                  Map.of()));
      assertFalse(noManifest.advanced(), noManifest.summary());
      assertTrue(noManifest.anyFatalError(), noManifest.summary());
    } finally {
      stop(s);
    }
  }
}

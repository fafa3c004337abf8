package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reel.testing.BrowserApp;
import io.reel.testing.BrowserPlayers;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.MediaChecks;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.testing.Viewer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The viewer web app in headless Chromium against one real node (write, read, projection, transcode
 * and edge roles; real Cassandra and Kafka), one browser for the whole scenario ({@code
 * src/test/js/app/viewer.mjs}), a context per device:
 *
 * <ol>
 *   <li>a new viewer signs up, verifies from the node's outbox, signs in, subscribes to basic,
 *       picks the main profile, finds "Night Train" by a typo, plays it to the first frame, scrubs
 *       with a trickplay thumbnail from the edge, seeks to 40 %, lets heartbeats save it and leaves
 *       (stop sent);
 *   <li>on a phone the same viewer finds it in Continue watching and resumes near that point;
 *   <li>with the phone playing, the laptop is refused with 409 naming the phone (one stream);
 *   <li>a kids profile (G) made in the app can neither find, open nor play the R-rated title;
 *   <li>home on a TV-sized screen;
 *   <li>the TV lists the three signed-in devices and signs the phone out, which must sign in again.
 * </ol>
 *
 * Screenshots of each page are kept under {@code target/screenshots/viewer/}. Speed figures (click
 * to first frame and others) are printed, not asserted.
 */
class ViewerAppBrowserTest {

  private static final String TITLE = "Night Train";
  private static final String TYPO = "nigth train";
  private static final String PHONE = "Test phone";
  private static final double SECONDS = 20;

  private static TestNode node;
  private static String keyspace;
  private static String base;
  private static String titleId;
  private static Path outbox;

  @BeforeAll
  static void start() throws Exception {
    keyspace = TestInfra.freshKeyspace(ViewerAppBrowserTest.class);
    node =
        TestNode.start(
            keyspace,
            TestInfra.freshTopic("title-events"),
            List.of("write", "read", "projection", "transcode", "edge"),
            Optional.empty(),
            Map.of(
                // Positions saved at once and heartbeats as often as the app sends them (2 s),
                // so "continue watching" is there a moment after the seek, not 30 s later.
                "reel.playback.save-position-every", "1s",
                "reel.playback.api.heartbeat-every", "2s",
                // A 20 s clip gets ten thumbnails, so scrubbing shows different ones.
                "reel.transcode.thumbnail-interval", "2s"));
    base = node.baseUrl();
    outbox = Path.of("target/mail", keyspace + ".jsonl").toAbsolutePath();
    titleId =
        MediaChecks.publishedTitle(
            base,
            Path.of("target/media", keyspace, "sources"),
            "{\"title\":\""
                + TITLE
                + "\",\"year\":2026,\"genres\":[\"Drama\"],\"maturityRating\":\"R\","
                + "\"synopsis\":\"A sleeper train crosses the night with a secret on board.\"}",
            SECONDS);
    // The browser starts once the title is searchable and playable (the read side has it).
    Eventually.assertThat(
        () -> {
          JsonNode hits = Http.get(base + "/search?q=night+train").json().get("results");
          assertTrue(
              !hits.isEmpty()
                  && hits.get(0).get("id").asText().equals(titleId)
                  && hits.get(0).get("playable").asBoolean(),
              "not a playable hit yet: " + hits);
        });
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aViewerSignsUpSubscribesFindsPlaysResumesElsewhereAndKidsAreKeptOut() throws Exception {
    // The packager made trickplay for this short clip: the VTT lists sprite cells.
    Path pkg = Path.of("target/media", keyspace, "store");
    assertTrue(hasThumbs(pkg), "no thumbs.vtt with sprite cells under " + pkg + " for a 20 s clip");

    ObjectNode spec = BrowserApp.spec("viewer");
    spec.put("base", base);
    spec.put("outbox", outbox.toString());
    spec.put("email", "viewer-" + keyspace.replace('_', '-') + "@example.test");
    spec.put("password", Viewer.PASSWORD);
    spec.put("titleId", titleId);
    spec.put("titleName", TITLE);
    spec.put("typo", TYPO);
    spec.put("seekFraction", 0.4);
    spec.put("phoneName", PHONE);

    long t0 = System.nanoTime();
    JsonNode result = BrowserApp.run("viewer.mjs", spec, Duration.ofMinutes(4));
    long scenarioMs = (System.nanoTime() - t0) / 1_000_000;
    JsonNode f = result.path("facts");
    String why =
        "\nfailure: "
            + result.path("failure").asText("-")
            + "\nsteps: "
            + result.path("steps").toPrettyString()
            + "\nconsoleErrors: "
            + result.path("consoleErrors")
            + "\nfacts: "
            + f.toPrettyString();
    System.out.println(
        "viewer scenario in "
            + scenarioMs
            + " ms (browser launch "
            + f.path("launchMs").asLong()
            + " ms); click to first frame: laptop "
            + f.path("clickToFirstFrameMs").asLong()
            + " ms (after "
            + f.path("entitlementRetries").asInt()
            + " retries while the entitlement arrived; player startup "
            + f.path("laptop").path("startupMs").asLong()
            + " ms), phone resume "
            + f.path("phone").path("clickToFirstFrameMs").asLong()
            + " ms; steps "
            + result.path("steps"));
    System.out.println("facts: " + f);
    System.out.println("console errors (refusals are expected): " + result.path("consoleErrors"));
    System.out.println("screenshots: " + spec.get("screenshots").asText());

    // No CSP violation and no uncaught exception anywhere, whatever else the console said
    // (refused requests such as the 402, 403 and 409 are logged by Chromium and expected).
    assertEquals(0, f.path("cspViolations").size(), "CSP violations" + why);
    assertEquals(0, f.path("uncaught").size(), "uncaught exceptions" + why);
    assertEquals(0, f.path("brokenImages").size(), "images on screen that did not load" + why);
    List<String> fatalConsole = new ArrayList<>();
    for (JsonNode e : result.path("consoleErrors")) {
      String text = e.path("text").asText();
      if (text.contains("Content Security Policy")
          || text.contains("CSP violation")
          || text.startsWith("Uncaught")
          || text.matches("^[A-Za-z]*Error: .*")) {
        fatalConsole.add(e.toString());
      }
    }
    assertTrue(fatalConsole.isEmpty(), "console: " + fatalConsole + why);
    assertTrue(result.path("ok").asBoolean(), "the scenario ran to its end" + why);

    // 1. Sign up, verify, sign in, subscribe, find by a typo, play, trickplay, seek, leave.
    assertTrue(f.path("checkMailNamesAddress").asBoolean(), "check-mail names the address" + why);
    assertEquals("/verify", f.path("verifyLinkPath").asText(), "the mail links to the app" + why);
    assertEquals("Basic", f.path("plan").asText(), why);
    assertTrue(
        List.of("Active", "Free trial").contains(f.path("planStatus").asText()),
        "plan status" + why);
    assertTrue(contains(f.path("typoResults"), titleId), "\"" + TYPO + "\" finds " + TITLE + why);
    // A poster keeps its size on the page (a result's is small, a title page's large): the
    // poster image used to fill the whole row.
    assertTrue(f.path("searchPosterWidth").asInt() <= 120, "search result poster" + why);
    assertTrue(f.path("titlePosterWidth").asInt() <= 400, "title page poster" + why);
    assertEquals(TITLE, f.path("titleName").asText(), why);
    assertEquals("Play", f.path("playLabel").asText(), why);
    assertTrue(f.path("clickToFirstFrameMs").asLong() > 0, "a first frame was timed" + why);
    JsonNode play = f.path("laptopPlay");
    assertEquals(201, play.path("status").asInt(), why);
    assertEquals(1, play.path("maxStreams").asInt(), "basic: one stream" + why);
    assertEquals(2, play.path("heartbeatEverySeconds").asInt(), why);
    String edge = play.path("edgeOrigin").asText();
    assertTrue(edge.startsWith("http://127.0.0.1:") && !edge.equals(base), "the edge" + why);
    assertTrue(f.path("laptop").path("height").asInt() > 0, "a decoded picture" + why);

    JsonNode trick = f.path("trickplay");
    assertTrue(f.path("thumbnailCues").asInt() >= 5, "thumbnail cues" + why);
    assertTrue(trick.path("visible").asBoolean(), why);
    assertTrue(trick.path("width").asDouble() > 0 && trick.path("height").asDouble() > 0, why);
    assertEquals(1.0, trick.path("controlsOpacity").asDouble(), 0.01, "controls shown" + why);
    assertEquals(edge, trick.path("spriteOrigin").asText(), "the sprite comes from the edge" + why);
    assertTrue(trick.path("spriteIsEdgeSprite").asBoolean(), "an edge sprite URL" + why);
    assertTrue(
        trick.path("positionChangedWhileScrubbing").asBoolean(),
        "another cell when pointing elsewhere" + why);
    boolean spriteLoaded = false;
    for (JsonNode s : trick.path("spriteResponses")) {
      spriteLoaded |= s.path("status").asInt() == 200 && s.path("origin").asText().equals(edge);
    }
    assertTrue(spriteLoaded, "the edge served the sprite" + why);

    double duration = f.path("laptop").path("duration").asDouble();
    assertEquals(SECONDS, duration, 1.0, why);
    double seeked = f.path("seekedTo").asDouble();
    assertEquals(0.4, seeked / duration, 0.1, "seeked to about 40 %" + why);
    double left = f.path("leftAt").asDouble();
    assertEquals(seeked, left, 1.0, "paused where it seeked" + why);
    assertNotNull(f.get("laptopStop"), "stop was sent" + why);
    assertTrue(f.path("laptopStop").path("status").asInt() / 100 == 2, "stop answered" + why);

    // 2. The phone: continue watching, resume within 5 s of the saved point.
    assertEquals(titleId, f.path("continueWatchingFirst").asText(), why);
    assertTrue(f.path("phoneResumeLabel").asText().startsWith("Resume from"), why);
    JsonNode phone = f.path("phone");
    double saved = f.path("phonePlay").path("resumeAt").asDouble();
    assertEquals(left, saved, 2.5, "the saved position is where the laptop left" + why);
    assertEquals(
        saved,
        phone.path("currentTimeAtFirstFrame").asDouble(),
        5.0,
        "the phone starts at the saved position" + why);

    // The name typed on the phone's account page as soon as the field showed (it used to be
    // lost when the account arrived a moment later).
    assertEquals(PHONE, f.path("phoneDeviceNameStored").asText(), "device name kept" + why);
    assertEquals(PHONE, f.path("phonePlay").path("deviceName").asText(), why);

    // 4. One stream: the laptop is refused while the phone plays, naming the phone.
    JsonNode conflict = f.path("conflict");
    assertEquals(409, conflict.path("status").asInt(), why);
    // Playing (or, on a very slow machine, at the end of the clip with its session still open).
    assertTrue(
        List.of("playing", "ended").contains(conflict.path("phoneState").asText()),
        "the phone was playing" + why);
    assertTrue(conflict.path("message").asText().contains("Every stream"), why);
    assertEquals(1, conflict.path("devices").size(), why);
    assertTrue(
        conflict.path("devices").get(0).asText().startsWith(PHONE + ", playing since"),
        "the phone is named" + why);
    assertEquals(0, conflict.path("videos").asInt(), "no video on a refusal" + why);
    assertTrue(f.path("phoneStop").path("status").asInt() / 100 == 2, "phone stop" + why);

    // 3. The kids profile.
    assertTrue(f.path("kidsTile").asText().contains("Kids"), why);
    assertTrue(f.path("kidsTile").asText().contains("G"), why);
    assertFalse(f.path("kidsHomeHasTitle").asBoolean(), "not on the kids' home" + why);
    assertFalse(contains(f.path("kidsTypoResults"), titleId), "kids search (typo)" + why);
    assertFalse(contains(f.path("kidsExactResults"), titleId), "kids search (exact)" + why);
    assertFalse(f.path("kidsSuggestsTitle").asBoolean(), "kids suggestions" + why);
    JsonNode kidsTitle = f.path("kidsTitlePage");
    assertEquals("Not available", kidsTitle.path("heading").asText(), why);
    assertTrue(kidsTitle.path("message").asText().contains("not available for Kid"), why);
    assertEquals(0, kidsTitle.path("play").asInt(), "no play button" + why);
    JsonNode kidsWatch = f.path("kidsWatch");
    assertTrue(
        List.of(403, 404).contains(kidsWatch.path("status").asInt()), "kids play refused" + why);
    assertFalse(kidsWatch.path("message").asText().isBlank(), why);
    assertEquals(0, kidsWatch.path("videos").asInt(), "no video for kids" + why);

    // 5. The TV and the screenshots.
    assertEquals("[1920,1080]", f.path("tvViewport").toString(), why);
    assertTrue(contains(f.path("tvRows"), "continue-watching"), "TV home rows" + why);

    // 6. Devices and sessions: the phone saw itself and the laptop; the TV saw all three, named
    // by their browsers, and signed the phone out, which then had to sign in again.
    JsonNode phoneSessions = f.path("phoneSessions");
    assertEquals(2, phoneSessions.size(), "laptop and phone signed in" + why);
    assertTrue(phoneSessions.get(0).path("current").asBoolean(), "the newest first" + why);
    assertFalse(phoneSessions.get(0).path("canEnd").asBoolean(), "no sign-out on itself" + why);
    assertTrue(phoneSessions.get(1).path("canEnd").asBoolean(), why);
    String phoneSession = phoneSessions.get(0).path("id").asText();
    JsonNode tvSessions = f.path("tvSessions");
    assertEquals(3, tvSessions.size(), why);
    assertEquals("Samsung Internet on Smart TV", tvSessions.get(0).path("device").asText(), why);
    assertTrue(tvSessions.get(0).path("current").asBoolean(), why);
    assertTrue(tvSessions.toString().contains(phoneSession), why);
    for (JsonNode other : List.of(tvSessions.get(1), tvSessions.get(2))) {
      assertEquals("Headless Chrome on Linux", other.path("device").asText(), why);
    }
    assertEquals(2, f.path("tvSessionsAfter").size(), why);
    assertFalse(f.path("tvSessionsAfter").toString().contains(phoneSession), why);
    assertTrue(f.path("phoneAfterRemoteSignOut").path("hash").asText().startsWith("#/signin"), why);
    assertFalse(f.path("phoneAfterRemoteSignOut").path("refreshTokenKept").asBoolean(), why);
    Path shots = Path.of(spec.get("screenshots").asText());
    for (String name :
        List.of(
            "signup",
            "check-mail",
            "verify",
            "account",
            "profiles",
            "home",
            "search",
            "title",
            "player-trickplay",
            "phone-home",
            "phone-player",
            "409",
            "kids-search",
            "kids-title",
            "kids-watch",
            "home-tv",
            "account-devices-tv",
            "phone-signed-out")) {
      Path png = shots.resolve(name + ".png");
      assertTrue(Files.size(png) > 1000, "screenshot " + png + why);
    }
  }

  /**
   * The same app in Firefox ({@code firefox.mjs}: Debian's Firefox ESR over WebDriver BiDi): a
   * subscribed viewer of its own signs in, sees home, finds the title by the typo, plays it to a
   * decoded picture, toggles it with the space bar, and home fits a phone.
   */
  @Test
  void firefoxSignsInFindsAndPlays() throws Exception {
    BrowserPlayers.ensureFirefox();
    String email = "firefox-" + keyspace.replace('_', '-') + "@example.test";
    Viewer viewer = Viewer.signUp(base, outbox, email);
    viewer.subscribe("basic");
    ObjectNode spec = BrowserApp.spec("firefox");
    spec.put("base", base);
    spec.put("email", email);
    spec.put("password", Viewer.PASSWORD);
    spec.put("titleId", titleId);
    spec.put("typo", TYPO);

    JsonNode result = BrowserApp.run("firefox.mjs", spec, Duration.ofMinutes(3));
    JsonNode f = result.path("facts");
    String why = "\n" + result.toPrettyString();
    System.out.println("firefox: " + result);
    assertTrue(result.path("ok").asBoolean(), "the scenario ran to its end" + why);
    assertTrue(f.path("browser").asText().startsWith("firefox/"), why);
    assertTrue(f.path("userAgent").asText().contains("Firefox/"), why);
    assertEquals(0, f.path("cspViolations").size(), "CSP violations" + why);
    assertEquals(0, f.path("uncaught").size(), "uncaught exceptions" + why);
    assertFalse(f.path("homeRows").isEmpty(), "home rows" + why);
    assertTrue(contains(f.path("typoResults"), titleId), "\"" + TYPO + "\" finds it" + why);
    assertEquals(TITLE, f.path("titleName").asText(), why);
    assertTrue(f.path("player").path("height").asInt() > 0, "a decoded picture" + why);
    assertTrue(f.path("spaceToggles").asBoolean(), why);
    assertTrue(f.path("phoneOverflow").asInt() <= 0, "no sideways scroll on a phone" + why);
    for (String name :
        List.of("firefox-home", "firefox-search", "firefox-title", "firefox-player")) {
      Path png = Path.of(spec.get("screenshots").asText()).resolve(name + ".png");
      assertTrue(Files.size(png) > 1000, "screenshot " + png + why);
    }
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode v : array) {
      if (v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasThumbs(Path store) throws Exception {
    try (var files = Files.walk(store)) {
      for (Path vtt : files.filter(p -> p.endsWith("thumbs.vtt")).toList()) {
        if (Files.readString(vtt).contains("#xywh=")) {
          return true;
        }
      }
    }
    return false;
  }
}

package io.reel.edge;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import io.reel.origin.FileSystemObjectStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a viewer on a 720p plan can get from the edge, tried as an attacker would: the 1080p
 * rendition's files with its own token, and what the manifests tell it. Then the listener's limits
 * against a slowloris client and a reader that never reads.
 */
class EdgePlanLimitsTest {

  static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
  static final String PREFIX = "packages/42/v1-a1/";
  static final Duration IDLE = Duration.ofSeconds(1);
  static final Duration SEND_IDLE = Duration.ofSeconds(1);

  // As the dash muxer writes them: rendition 0 is the top (1080p), audio last.
  static final String MASTER =
      """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-INDEPENDENT-SEGMENTS
      #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_0",DEFAULT=YES,URI="media_3.m3u8"
      #EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080,CODECS="avc1.640028,mp4a.40.2",AUDIO="group_A1"
      media_0.m3u8

      #EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="group_A1"
      media_1.m3u8

      #EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="group_A1"
      media_2.m3u8
      """;

  static final String MPD =
      """
      <?xml version="1.0" encoding="utf-8"?>
      <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT4S">
      \t<Period id="0" start="PT0S">
      \t\t<AdaptationSet id="0" contentType="video">
      \t\t\t<Representation id="0" bandwidth="5000000" width="1920" height="1080"/>
      \t\t\t<Representation id="1" bandwidth="2500000" width="1280" height="720"/>
      \t\t\t<Representation id="2" bandwidth="800000" width="640" height="360"/>
      \t\t</AdaptationSet>
      \t\t<AdaptationSet id="1" contentType="audio">
      \t\t\t<Representation id="3" bandwidth="128000"/>
      \t\t</AdaptationSet>
      \t</Period>
      </MPD>
      """;

  @TempDir static Path originDir;
  @TempDir static Path cacheDir;
  static ActorSystem<Void> system;
  static EdgeServer edge;
  static ServerBinding binding;
  static int port;
  static String viewer720;
  static String everything;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    var store = new FileSystemObjectStore(originDir);
    put(store, PREFIX + "master.m3u8", MASTER.getBytes(StandardCharsets.UTF_8));
    put(store, PREFIX + "manifest.mpd", MPD.getBytes(StandardCharsets.UTF_8));
    for (String id : new String[] {"0", "1", "2", "3"}) {
      put(store, PREFIX + "init-" + id + ".m4s", new byte[600]);
      put(store, PREFIX + "seg-" + id + "-00001.m4s", new byte[3000]);
      put(store, PREFIX + "media_" + id + ".m3u8", "#EXTM3U\n".getBytes(StandardCharsets.UTF_8));
    }
    put(store, PREFIX + "seg-2-00002.m4s", new byte[16 * 1024 * 1024]);
    var config =
        ConfigFactory.parseMap(
                Map.of(
                    "reel.edge.token-keys",
                    "k1:" + K1,
                    "reel.edge.cache.dir",
                    cacheDir.toString(),
                    "reel.edge.cache.memory-object-max-bytes",
                    "64KiB",
                    "reel.edge.stream-chunk-bytes",
                    "16KiB",
                    "reel.edge.listener.idle-timeout",
                    IDLE.toMillis() + "ms",
                    "reel.edge.listener.send-idle-timeout",
                    SEND_IDLE.toMillis() + "ms"))
            .withFallback(ConfigFactory.load());
    system = ActorSystem.create(Behaviors.empty(), "edge-plan-limits-test", config);
    EdgeSettings settings = EdgeSettings.fromConfig(system.settings().config());
    edge = EdgeServer.create(system, settings, store, Clock.systemUTC());
    binding = edge.bind("127.0.0.1", 0).toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = binding.localAddress().getPort();
    Instant inAMinute = Instant.now().plusSeconds(60);
    viewer720 = edge.tokens().mint("s", "a", PREFIX, inAMinute, 720, Set.of("1", "2", "3"));
    everything = edge.tokens().mint("s", "a", PREFIX, inAMinute);
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

  static HttpResponse<String> get(String token, String name) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/edge/" + token + "/" + PREFIX + name))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theTallerRenditionsFilesAreRefusedWithTheViewersOwnToken() throws Exception {
    for (String name : new String[] {"init-0.m4s", "seg-0-00001.m4s", "media_0.m3u8"}) {
      HttpResponse<String> r = get(viewer720, name);
      assertEquals(403, r.statusCode(), name);
      assertTrue(r.body().contains("above what the plan allows"), r.body());
    }
    for (String name : new String[] {"init-1.m4s", "seg-2-00001.m4s", "media_3.m3u8"}) {
      assertEquals(200, get(viewer720, name).statusCode(), name);
    }
    // The same file with a token that grants it: the refusal was the plan, not the file.
    assertEquals(200, get(everything, "seg-0-00001.m4s").statusCode());
  }

  @Test
  void theManifestsListOnlyTheRenditionsTheTokenGrants() throws Exception {
    HttpResponse<String> master = get(viewer720, "master.m3u8");
    assertEquals(200, master.statusCode());
    assertFalse(master.body().contains("media_0.m3u8"), master.body());
    assertFalse(master.body().contains("1920x1080"), master.body());
    assertTrue(master.body().contains("media_1.m3u8"), master.body());
    assertTrue(master.body().contains("media_2.m3u8"), master.body());
    assertTrue(master.body().contains("URI=\"media_3.m3u8\""), master.body());
    assertTrue(master.headers().firstValue("Cache-Control").orElse("").startsWith("private"));

    HttpResponse<String> mpd = get(viewer720, "manifest.mpd");
    assertEquals(200, mpd.statusCode());
    assertFalse(mpd.body().contains("height=\"1080\""), mpd.body());
    assertFalse(mpd.body().contains("id=\"0\" width"), mpd.body());
    assertTrue(mpd.body().contains("id=\"1\" width"), mpd.body());
    assertTrue(mpd.body().contains("bandwidth=\"128000\" id=\"3\""), mpd.body());

    // Unrestricted, the manifests are the stored ones.
    assertTrue(get(everything, "master.m3u8").body().contains("media_0.m3u8"));
    assertTrue(get(everything, "manifest.mpd").body().contains("height=\"1080\""));
  }

  @Test
  void aClientThatNeverFinishesItsRequestIsDisconnected() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      // A bound for the test, not a speed claim: far above the configured idle timeout.
      s.setSoTimeout((int) IDLE.multipliedBy(20).toMillis());
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /edge/" + viewer720 + "/" + PREFIX + "master.m3u8 HTTP/1.1\r\nHost: x\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      try {
        byte[] all = in.readAllBytes(); // ends when the edge closes the connection
        String answer = new String(all, StandardCharsets.US_ASCII);
        assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
      } catch (SocketTimeoutException e) {
        fail("the edge kept a half-sent request open past 20 idle timeouts");
      } catch (java.net.SocketException reset) {
        // closed with a reset: disconnected all the same
      }
    }
  }

  @Test
  void aReaderThatStopsReadingIsCutOff() throws Exception {
    int length = 16 * 1024 * 1024;
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setReceiveBufferSize(4096);
      s.setSoTimeout((int) SEND_IDLE.plus(IDLE).multipliedBy(20).toMillis());
      s.getOutputStream()
          .write(
              ("GET /edge/"
                      + viewer720
                      + "/"
                      + PREFIX
                      + "seg-2-00002.m4s HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      // Read nothing for several times the send-idle timeout: the edge gives up on this client.
      Thread.sleep(SEND_IDLE.plus(IDLE).multipliedBy(4).toMillis());
      long received = 0;
      try {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
          received += n;
        }
      } catch (SocketTimeoutException e) {
        fail("the edge kept streaming to a reader that stopped reading");
      } catch (java.net.SocketException reset) {
        // a reset is a cut-off too
      }
      assertTrue(received < length, "the whole segment arrived: " + received);
    }
  }
}

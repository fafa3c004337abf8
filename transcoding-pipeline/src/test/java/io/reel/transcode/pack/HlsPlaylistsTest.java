package io.reel.transcode.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.origin.keys.ContentKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On playlists captured from the bundled ffmpeg 8.1.2 dash muxer (src/test/resources/pack/ffmpeg).
 */
class HlsPlaylistsTest {

  static final ContentKey KEY =
      ContentKey.ofHex("0123456789abcdef0123456789abcdef", "00112233445566778899aabbccddeeff");
  static final String URI = "https://licence.example/clearkey?title=t1";

  static String fixture(String name) throws IOException {
    try (InputStream in = HlsPlaylistsTest.class.getResourceAsStream("/pack/ffmpeg/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void mediaPlaylistBecomesProtectedVod() throws IOException {
    String raw = fixture("media_0.m3u8");
    assertTrue(raw.contains("#EXT-X-PROGRAM-DATE-TIME"), "fixture is the muxer's raw output");
    String out = HlsPlaylists.tidyMedia(raw, KEY, URI);
    assertEquals(
        String.join(
            "\n",
            "#EXTM3U",
            "#EXT-X-VERSION:6",
            "#EXT-X-TARGETDURATION:2",
            "#EXT-X-PLAYLIST-TYPE:VOD",
            "#EXT-X-MEDIA-SEQUENCE:1",
            "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,KEYFORMAT=\"org.w3.clearkey\",KEYFORMATVERSIONS=\"1\","
                + "URI=\""
                + URI
                + "\",KEYID=0x0123456789abcdef0123456789abcdef",
            "#EXT-X-MAP:URI=\"init-0.m4s\"",
            "#EXTINF:2.000000,",
            "seg-0-00001.m4s",
            "#EXT-X-ENDLIST",
            ""),
        out);
    assertEquals(out, HlsPlaylists.tidyMedia(out, KEY, URI));
  }

  @Test
  void addsEndlistAndReplacesEventTypeAndOldKey() throws IOException {
    String live =
        fixture("media_2.m3u8")
            .replace("#EXT-X-ENDLIST\n", "")
            .replace("#EXT-X-MEDIA-SEQUENCE", "#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-MEDIA-SEQUENCE");
    String once = HlsPlaylists.tidyMedia(live, ContentKey.random(), "old");
    String out = HlsPlaylists.tidyMedia(once, KEY, URI);
    List<String> lines = List.of(out.split("\n"));
    assertEquals("#EXT-X-ENDLIST", lines.get(lines.size() - 1));
    assertEquals(1, lines.stream().filter(l -> l.startsWith("#EXT-X-PLAYLIST-TYPE")).count());
    assertTrue(lines.contains("#EXT-X-PLAYLIST-TYPE:VOD"));
    assertEquals(
        List.of(HlsPlaylists.keyTag(KEY, URI)),
        lines.stream().filter(l -> l.startsWith("#EXT-X-KEY")).toList());
    assertEquals(
        lines.indexOf("#EXT-X-MAP:URI=\"init-2.m4s\"") - 1,
        lines.indexOf(HlsPlaylists.keyTag(KEY, URI)));
    assertFalse(out.contains("PROGRAM-DATE-TIME"));
  }

  @Test
  void masterGetsIndependentSegmentsOnly() throws IOException {
    String raw = fixture("master.m3u8");
    String out = HlsPlaylists.tidyMaster(raw);
    List<String> lines = List.of(out.split("\n"));
    assertEquals(
        List.of("#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"), lines.subList(0, 3));
    assertFalse(out.contains("PLAYLIST-TYPE"), "a media-playlist tag has no place in a master");
    assertFalse(out.contains("#EXT-X-ENDLIST"));
    assertEquals(
        raw.replace("#EXT-X-VERSION:7\n", "#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"), out);
    assertEquals(out, HlsPlaylists.tidyMaster(out));
  }

  @Test
  void rejectsBadInput() throws IOException {
    String media = fixture("media_0.m3u8");
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylists.tidyMedia(media, KEY, "a\"b"));
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylists.tidyMedia(media, KEY, "a\nb"));
    assertThrows(IllegalArgumentException.class, () -> HlsPlaylists.tidyMedia("<html>", KEY, URI));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            HlsPlaylists.tidyMedia(media.replace("#EXT-X-MAP:URI=\"init-0.m4s\"\n", ""), KEY, URI));
    assertThrows(
        IllegalArgumentException.class,
        () -> HlsPlaylists.tidyMedia(fixture("master.m3u8"), KEY, URI));
  }
}

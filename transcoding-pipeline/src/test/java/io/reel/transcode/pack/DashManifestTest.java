package io.reel.transcode.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.origin.keys.ContentKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** On the MPD captured from the bundled ffmpeg 8.1.2 dash muxer. */
class DashManifestTest {

  static final ContentKey KEY = HlsPlaylistsTest.KEY;
  static final String LICENCE = "https://licence.example/clearkey?a=1&b=2";

  static List<Element> childElements(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element el) {
        out.add(el);
      }
    }
    return out;
  }

  @Test
  void contentProtectionFirstInEveryAdaptationSet() throws IOException {
    String out = DashManifest.protect(HlsPlaylistsTest.fixture("manifest.mpd"), KEY, LICENCE);
    Document doc = DashManifest.parse(out);
    assertEquals("static", doc.getDocumentElement().getAttribute("type"));
    NodeList sets = doc.getElementsByTagNameNS(DashManifest.MPD_NS, "AdaptationSet");
    assertEquals(2, sets.getLength());
    for (int i = 0; i < sets.getLength(); i++) {
      List<Element> kids = childElements((Element) sets.item(i));
      Element cenc = kids.get(0);
      Element ck = kids.get(1);
      assertEquals("ContentProtection", cenc.getLocalName());
      assertEquals(DashManifest.MPD_NS, cenc.getNamespaceURI());
      assertEquals(DashManifest.MP4_PROTECTION, cenc.getAttribute("schemeIdUri"));
      assertEquals("cenc", cenc.getAttribute("value"));
      assertEquals(
          "01234567-89ab-cdef-0123-456789abcdef",
          cenc.getAttributeNS(DashManifest.CENC_NS, "default_KID"));
      assertEquals(DashManifest.CLEARKEY_SCHEME, ck.getAttribute("schemeIdUri"));
      assertEquals("ClearKey1.0", ck.getAttribute("value"));
      List<Element> laurls = childElements(ck);
      assertEquals(DashManifest.DASHIF_NS, laurls.get(0).getNamespaceURI());
      assertEquals(LICENCE, laurls.get(0).getTextContent());
      assertEquals(DashManifest.CLEARKEY_NS, laurls.get(1).getNamespaceURI());
      assertEquals("EME-1.0", laurls.get(1).getAttribute("Lic_type"));
      assertEquals("Representation", kids.get(2).getLocalName());
    }
    assertTrue(out.contains("xmlns:cenc=\"urn:mpeg:cenc:2013\""), out);
    assertTrue(out.contains("cenc:default_KID=\"01234567-89ab-cdef-0123-456789abcdef\""), out);
    assertFalse(out.contains(KEY.keyHex()));
    assertEquals(3, doc.getElementsByTagNameNS(DashManifest.MPD_NS, "Representation").getLength());
    assertEquals(out, DashManifest.protect(out, KEY, LICENCE), "idempotent");
  }

  @Test
  void protectFileReturnsTheRepresentationsOfItsOneParse(@TempDir Path dir) throws IOException {
    String raw = HlsPlaylistsTest.fixture("manifest.mpd");
    Path mpd = Files.writeString(dir.resolve("manifest.mpd"), raw);
    DashManifest.Representations reps = DashManifest.protectFile(mpd, KEY, LICENCE);
    assertEquals(
        new DashManifest.Representations(
            3, Map.of("0", "avc1.64000d", "1", "avc1.64000b", "2", "mp4a.40.2")),
        reps);
    assertEquals(DashManifest.protect(raw, KEY, LICENCE), Files.readString(mpd));
  }

  @Test
  void readsRepresentationsAsXmlNotAsText() {
    // attribute order, quotes and comments that a pattern over the text would get wrong
    String mpd =
        "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" mediaPresentationDuration=\"PT2S\">"
            + "<Period><AdaptationSet>"
            + "<!-- <Representation id=\"9\" codecs=\"hev1\"/> -->"
            + "<Representation codecs='avc1.64001f' id='0'/>"
            + "<Representation id=\"1\"/>"
            + "</AdaptationSet></Period></MPD>";
    DashManifest.Representations reps =
        DashManifest.representations(DashManifest.parse(DashManifest.protect(mpd, KEY, null)));
    assertEquals(new DashManifest.Representations(2, Map.of("0", "avc1.64001f")), reps);
  }

  @Test
  void protectFileLeavesARefusedFileAlone(@TempDir Path dir) throws IOException {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE MPD [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" mediaPresentationDuration=\"PT2S\">"
            + "<Period><AdaptationSet><Representation id=\"0\" codecs=\"&x;\"/>"
            + "</AdaptationSet></Period></MPD>";
    Path mpd = Files.writeString(dir.resolve("manifest.mpd"), xxe);
    assertThrows(IllegalArgumentException.class, () -> DashManifest.protectFile(mpd, KEY, LICENCE));
    assertEquals(xxe, Files.readString(mpd));
  }

  @Test
  void keepsSchemaOrderAfterAudioChannelConfiguration() {
    String mpd =
        "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\" mediaPresentationDuration=\"PT2S\">"
            + "<Period><AdaptationSet><AudioChannelConfiguration schemeIdUri=\"x\" value=\"2\"/>"
            + "<Role schemeIdUri=\"urn:mpeg:dash:role:2011\" value=\"main\"/><Representation id=\"a\"/>"
            + "</AdaptationSet></Period></MPD>";
    Document doc = DashManifest.parse(DashManifest.protect(mpd, KEY, null));
    Element set =
        (Element) doc.getElementsByTagNameNS(DashManifest.MPD_NS, "AdaptationSet").item(0);
    assertEquals(
        List.of(
            "AudioChannelConfiguration",
            "ContentProtection",
            "ContentProtection",
            "Role",
            "Representation"),
        childElements(set).stream().map(Element::getLocalName).toList());
    assertEquals(
        0, childElements(childElements(set).get(2)).size(), "no Laurl without a licence URL");
  }

  @Test
  void dynamicLeftoversBecomeStatic() {
    String mpd =
        "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"dynamic\" availabilityStartTime=\"2030-01-01T00:00:00Z\""
            + " minimumUpdatePeriod=\"PT4S\" timeShiftBufferDepth=\"PT60S\" mediaPresentationDuration=\"PT2S\">"
            + "<Period><AdaptationSet><Representation id=\"a\"/></AdaptationSet></Period></MPD>";
    Element root = DashManifest.parse(DashManifest.protect(mpd, KEY, null)).getDocumentElement();
    assertEquals("static", root.getAttribute("type"));
    assertFalse(root.hasAttribute("availabilityStartTime"));
    assertFalse(root.hasAttribute("minimumUpdatePeriod"));
    assertFalse(root.hasAttribute("timeShiftBufferDepth"));
    assertEquals("PT2S", root.getAttribute("mediaPresentationDuration"));
  }

  @Test
  void refusesDoctypeAndGarbage() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE MPD [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" mediaPresentationDuration=\"PT2S\">&x;</MPD>";
    assertThrows(IllegalArgumentException.class, () -> DashManifest.protect(xxe, KEY, null));
    assertThrows(IllegalArgumentException.class, () -> DashManifest.protect("<MPD", KEY, null));
    assertThrows(IllegalArgumentException.class, () -> DashManifest.protect("<html/>", KEY, null));
  }
}

package io.reel.transcode.pack;

import io.reel.origin.keys.ContentKey;
import io.reel.origin.manifest.SafeXml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Adds CENC + ClearKey signalling to the dash muxer's MPD and makes it a clean static (VOD) MPD.
 * Uses the JDK DOM with DOCTYPEs and external entities refused. Idempotent.
 */
public final class DashManifest {

  private DashManifest() {}

  public static final String MPD_NS = "urn:mpeg:dash:schema:mpd:2011";
  public static final String CENC_NS = "urn:mpeg:cenc:2013";
  public static final String MP4_PROTECTION = "urn:mpeg:dash:mp4protection:2011";
  public static final String CLEARKEY_SCHEME = "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e";

  /** ISO/IEC 23009-1: players may switch between the AdaptationSets it lists as within one. */
  public static final String ADAPTATION_SET_SWITCHING =
      "urn:mpeg:dash:adaptation-set-switching:2016";

  /** shaka-player looks for dashif:Laurl first; dash.js and ExoPlayer also read clearkey:Laurl. */
  public static final String DASHIF_NS = "https://dashif.org/CPS";

  public static final String CLEARKEY_NS = "http://dashif.org/guidelines/clearKey";

  private static final String XMLNS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;

  /** Children that the MPD schema puts before ContentProtection in an AdaptationSet. */
  private static final Set<String> BEFORE_CONTENT_PROTECTION =
      Set.of("FramePacking", "AudioChannelConfiguration");

  /**
   * Live attributes that must not stay on a static MPD: minimumUpdatePeriod makes players poll, and
   * availabilityStartTime is the encoder's wall clock, so a clock ahead of the viewer's makes
   * segments look "not yet available". Only removed if present.
   */
  private static final List<String> LIVE_ATTRIBUTES =
      List.of(
          "availabilityStartTime",
          "availabilityEndTime",
          "publishTime",
          "minimumUpdatePeriod",
          "timeShiftBufferDepth",
          "suggestedPresentationDelay");

  /** What the packager needs from the MPD, read from the same parse that protects it. */
  public record Representations(int count, Map<String, String> codecsById) {
    public Representations {
      codecsById = Map.copyOf(codecsById);
    }
  }

  /**
   * The MPD with, as the first children of every AdaptationSet, the mp4protection element carrying
   * {@code cenc:default_KID} and the ClearKey system element (with the licence URL as {@code
   * dashif:Laurl} and {@code clearkey:Laurl} when {@code licenceUrl} is not null).
   */
  public static String protect(String mpdXml, ContentKey key, String licenceUrl) {
    return protect(mpdXml, RenditionKeys.single(key), licenceUrl);
  }

  /**
   * The MPD with CENC + ClearKey signalling for each Representation's key: on the AdaptationSet
   * when all its Representations share one key, otherwise on each Representation (its own {@code
   * cenc:default_KID}), so a player asks for the key of the rendition it switches to.
   */
  public static String protect(String mpdXml, RenditionKeys keys, String licenceUrl) {
    Document doc = parse(mpdXml);
    protect(doc, keys, licenceUrl);
    return serialize(doc);
  }

  /** {@link #protectFile(Path, RenditionKeys, String)} with one key for every Representation. */
  public static Representations protectFile(Path mpd, ContentKey key, String licenceUrl)
      throws IOException {
    return protectFile(mpd, RenditionKeys.single(key), licenceUrl);
  }

  /**
   * Rewrites a manifest file in place (atomically). The Representations come from the same parse,
   * so the caller need not read the MPD back.
   */
  public static Representations protectFile(Path mpd, RenditionKeys keys, String licenceUrl)
      throws IOException {
    Document doc = parse(Files.readString(mpd, StandardCharsets.UTF_8));
    protect(doc, keys, licenceUrl);
    AtomicFiles.write(mpd, serialize(doc).getBytes(StandardCharsets.UTF_8));
    return representations(doc);
  }

  private static void protect(Document doc, RenditionKeys keys, String licenceUrl) {
    Element mpd = doc.getDocumentElement();
    if (!"MPD".equals(mpd.getLocalName()) || !MPD_NS.equals(mpd.getNamespaceURI())) {
      throw new IllegalArgumentException("root element is not an MPD in " + MPD_NS);
    }
    makeStatic(mpd);
    declare(mpd, "cenc", CENC_NS);
    if (licenceUrl != null) {
      declare(mpd, "dashif", DASHIF_NS);
      declare(mpd, "clearkey", CLEARKEY_NS);
    }
    List<Element> sets = elements(mpd.getElementsByTagNameNS(MPD_NS, "AdaptationSet"));
    int nextId = 0;
    for (Element set : sets) {
      try {
        nextId = Math.max(nextId, Integer.parseInt(set.getAttribute("id")) + 1);
      } catch (NumberFormatException e) {
        // not a number: new ids still start above every numeric one
      }
    }
    for (Element set : sets) {
      removeOurs(set);
      // Representations of one key each, in MPD order (ffmpeg: top rung first)
      Map<String, List<Element>> byKid = new java.util.LinkedHashMap<>();
      for (Element r : directChildren(set, "Representation")) {
        removeOurs(r);
        byKid
            .computeIfAbsent(keys.of(r.getAttribute("id")).kidHex(), k -> new ArrayList<>())
            .add(r);
      }
      if (byKid.size() <= 1) {
        ContentKey key =
            byKid.isEmpty()
                ? keys.encryptedWith()
                : keys.of(byKid.values().iterator().next().get(0).getAttribute("id"));
        addProtection(doc, set, key, licenceUrl);
        continue;
      }
      nextId = splitByKey(doc, set, new ArrayList<>(byKid.values()), keys, licenceUrl, nextId);
    }
  }

  /**
   * One AdaptationSet per key, the DASH-IF way to protect renditions with different keys: each set
   * carries its own {@code cenc:default_KID}, and {@code adaptation-set-switching} lets players
   * switch between them as within one set (dash.js and shaka do; dash.js only ever reads
   * ContentProtection on the AdaptationSet). The first group keeps the set, the others get copies
   * of it with fresh ids right after it. Returns the next free id.
   */
  private static int splitByKey(
      Document doc,
      Element set,
      List<List<Element>> groups,
      RenditionKeys keys,
      String licenceUrl,
      int nextId) {
    List<Element> family = new ArrayList<>();
    family.add(set);
    Node after = set;
    Node indent = whitespaceBefore(set);
    for (List<Element> group : groups.subList(1, groups.size())) {
      Element copy = (Element) set.cloneNode(true);
      for (Element r : directChildren(copy, "Representation")) {
        removeWithIndent(r);
      }
      Node tail = copy.getLastChild(); // the indentation before </AdaptationSet>, if any
      for (Element r : group) {
        Node ws = whitespaceBefore(r);
        if (ws != null) {
          set.removeChild(ws);
        }
        set.removeChild(r);
        Node ref = tail != null && tail.getNodeType() == Node.TEXT_NODE ? tail : null;
        if (ws != null) {
          copy.insertBefore(ws, ref);
        }
        copy.insertBefore(r, ref);
      }
      copy.setAttribute("id", Integer.toString(nextId++));
      Node next = after.getNextSibling();
      set.getParentNode().insertBefore(copy, next);
      if (indent != null) {
        set.getParentNode().insertBefore(indent.cloneNode(false), copy);
      }
      family.add(copy);
      after = copy;
    }
    for (int i = 0; i < family.size(); i++) {
      Element member = family.get(i);
      fitMaxSize(member);
      List<String> others = new ArrayList<>();
      for (Element other : family) {
        if (other != member) {
          others.add(other.getAttribute("id"));
        }
      }
      removeSwitching(member);
      Element switching = doc.createElementNS(MPD_NS, "SupplementalProperty");
      switching.setAttribute("schemeIdUri", ADAPTATION_SET_SWITCHING);
      switching.setAttribute("value", String.join(",", others));
      Node ref = firstChildAfter(member);
      insert(member, ref, whitespaceBefore(ref), switching);
      addProtection(doc, member, keys.of(groups.get(i).get(0).getAttribute("id")), licenceUrl);
    }
    return nextId;
  }

  /** maxWidth/maxHeight of a set cut from a bigger one: the largest of its own Representations. */
  private static void fitMaxSize(Element set) {
    for (String dim : List.of("Width", "Height")) {
      if (set.hasAttribute("max" + dim)) {
        int max = 0;
        for (Element r : directChildren(set, "Representation")) {
          try {
            max = Math.max(max, Integer.parseInt(r.getAttribute(dim.toLowerCase(Locale.ROOT))));
          } catch (NumberFormatException e) {
            // no size on this one
          }
        }
        if (max > 0) {
          set.setAttribute("max" + dim, Integer.toString(max));
        } else {
          set.removeAttribute("max" + dim);
        }
      }
    }
  }

  private static void removeSwitching(Element set) {
    for (Element sp : directChildren(set, "SupplementalProperty")) {
      if (ADAPTATION_SET_SWITCHING.equals(sp.getAttribute("schemeIdUri"))) {
        removeWithIndent(sp);
      }
    }
  }

  /** The two elements, where the schema puts ContentProtection in a set or a Representation. */
  private static void addProtection(
      Document doc, Element parent, ContentKey key, String licenceUrl) {
    Node ref = firstChildAfter(parent);
    Node indent = whitespaceBefore(ref);
    insert(parent, ref, indent, mp4Protection(doc, key));
    insert(parent, ref, indent, clearKey(doc, licenceUrl));
  }

  private static void removeWithIndent(Node n) {
    Node parent = n.getParentNode();
    Node prev = n.getPreviousSibling();
    if (prev != null && prev.getNodeType() == Node.TEXT_NODE && prev.getNodeValue().isBlank()) {
      parent.removeChild(prev);
    }
    parent.removeChild(n);
  }

  /**
   * The exact codec strings (e.g. avc1.64001e) the muxer wrote on each Representation; only the
   * Representation's own attribute, as ffmpeg writes it there, not one inherited from its set.
   */
  static Representations representations(Document doc) {
    List<Element> reps = elements(doc.getElementsByTagNameNS(MPD_NS, "Representation"));
    Map<String, String> codecs = new HashMap<>();
    for (Element r : reps) {
      String id = r.getAttribute("id");
      String c = r.getAttribute("codecs");
      if (!id.isEmpty() && !c.isEmpty()) {
        codecs.put(id, c);
      }
    }
    return new Representations(reps.size(), codecs);
  }

  private static void makeStatic(Element mpd) {
    mpd.setAttribute("type", "static");
    for (String a : LIVE_ATTRIBUTES) {
      mpd.removeAttribute(a);
    }
    if (mpd.getAttribute("mediaPresentationDuration").isEmpty()) {
      // a static MPD without it has no known end; the muxer always writes it for VOD output
      throw new IllegalArgumentException("MPD has no mediaPresentationDuration: not a VOD MPD");
    }
  }

  private static void declare(Element root, String prefix, String ns) {
    String existing = root.getAttributeNS(XMLNS, prefix);
    if (!existing.isEmpty() && !existing.equals(ns)) {
      throw new IllegalArgumentException(
          "prefix " + prefix + " already bound to " + existing + ", expected " + ns);
    }
    root.setAttributeNS(XMLNS, "xmlns:" + prefix, ns);
  }

  private static Element mp4Protection(Document doc, ContentKey key) {
    Element cp = doc.createElementNS(MPD_NS, "ContentProtection");
    cp.setAttribute("schemeIdUri", MP4_PROTECTION);
    cp.setAttribute("value", "cenc");
    cp.setAttributeNS(CENC_NS, "cenc:default_KID", key.kidUuid());
    return cp;
  }

  private static Element clearKey(Document doc, String licenceUrl) {
    Element cp = doc.createElementNS(MPD_NS, "ContentProtection");
    cp.setAttribute("schemeIdUri", CLEARKEY_SCHEME);
    cp.setAttribute("value", "ClearKey1.0");
    if (licenceUrl != null) {
      Element dashif = doc.createElementNS(DASHIF_NS, "dashif:Laurl");
      dashif.setTextContent(licenceUrl);
      cp.appendChild(dashif);
      Element ck = doc.createElementNS(CLEARKEY_NS, "clearkey:Laurl");
      // shaka and ExoPlayer only take clearkey:Laurl with this licence type
      ck.setAttribute("Lic_type", "EME-1.0");
      ck.setTextContent(licenceUrl);
      cp.appendChild(ck);
    }
    return cp;
  }

  /** Drops the two elements a previous run added (and the indentation after them). */
  private static void removeOurs(Element set) {
    for (Element cp : directChildren(set, "ContentProtection")) {
      String scheme = cp.getAttribute("schemeIdUri").toLowerCase(java.util.Locale.ROOT);
      if (scheme.equals(MP4_PROTECTION) || scheme.equals(CLEARKEY_SCHEME)) {
        Node next = cp.getNextSibling();
        if (next != null && next.getNodeType() == Node.TEXT_NODE && next.getNodeValue().isBlank()) {
          set.removeChild(next);
        }
        set.removeChild(cp);
      }
    }
  }

  /** The first child element that schema order puts after ContentProtection (null: append). */
  private static Node firstChildAfter(Element set) {
    for (Node n = set.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE
          && !BEFORE_CONTENT_PROTECTION.contains(n.getLocalName())) {
        return n;
      }
    }
    return null;
  }

  private static Node whitespaceBefore(Node ref) {
    if (ref == null) {
      return null;
    }
    Node prev = ref.getPreviousSibling();
    return prev != null && prev.getNodeType() == Node.TEXT_NODE && prev.getNodeValue().isBlank()
        ? prev
        : null;
  }

  /** Inserts before {@code ref}, keeping the file's indentation style. */
  private static void insert(Element parent, Node ref, Node indent, Element e) {
    parent.insertBefore(e, ref);
    if (indent != null) {
      parent.insertBefore(indent.cloneNode(false), ref);
    }
  }

  private static List<Element> directChildren(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE
          && localName.equals(n.getLocalName())
          && MPD_NS.equals(n.getNamespaceURI())) {
        out.add((Element) n);
      }
    }
    return out;
  }

  private static List<Element> elements(NodeList list) {
    List<Element> out = new ArrayList<>(list.getLength());
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }

  static Document parse(String xml) {
    return SafeXml.parse(xml);
  }

  private static String serialize(Document doc) {
    return SafeXml.write(doc);
  }
}

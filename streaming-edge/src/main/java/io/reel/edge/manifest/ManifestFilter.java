package io.reel.edge.manifest;

import io.reel.origin.manifest.SafeXml;
import io.reel.origin.token.PackageFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A package's manifests as one viewer may see them: the renditions the viewer's token does not
 * grant (those above the plan's resolution) are left out, so a player never tries them. The edge
 * refuses their files anyway; this only keeps players from asking. Pure functions over the text.
 */
public final class ManifestFilter {

  private static final String MPD_NS = "urn:mpeg:dash:schema:mpd:2011";
  private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");

  private ManifestFilter() {}

  /** Is {@code name} (relative to the package) a manifest this class filters? */
  public static boolean filters(String name) {
    return name.endsWith(".mpd") || (name.endsWith(".m3u8") && name.indexOf('/') < 0);
  }

  /** Filters a manifest by its extension; media playlists come back unchanged. */
  public static String filter(String name, String text, Predicate<String> granted) {
    return name.endsWith(".mpd") ? mpd(text, granted) : hls(text, granted);
  }

  /**
   * An HLS master without the variants ({@code #EXT-X-STREAM-INF} and the URI line after it) and
   * renditions ({@code #EXT-X-MEDIA}, {@code #EXT-X-I-FRAME-STREAM-INF}) of ungranted renditions.
   */
  public static String hls(String text, Predicate<String> granted) {
    List<String> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("#EXT-X-STREAM-INF")) {
        int next = i + 1;
        while (next < lines.length && lines[next].isBlank()) {
          next++;
        }
        if (next < lines.length && !allowed(lines[next].strip(), granted)) {
          i = next; // drop the tag and its URI
          continue;
        }
      } else if (line.startsWith("#EXT-X-MEDIA") || line.startsWith("#EXT-X-I-FRAME-STREAM-INF")) {
        Matcher m = URI_ATTRIBUTE.matcher(line);
        if (m.find() && !allowed(m.group(1), granted)) {
          continue;
        }
      }
      out.add(line);
    }
    return String.join("\n", out);
  }

  private static boolean allowed(String uri, Predicate<String> granted) {
    Optional<String> id = PackageFiles.renditionOf(uri);
    return id.isEmpty() || granted.test(id.get());
  }

  /**
   * A DASH MPD without the Representations of ungranted renditions, and without AdaptationSets left
   * empty by that.
   */
  public static String mpd(String xml, Predicate<String> granted) {
    Document doc = parse(xml);
    List<Element> reps = elements(doc.getElementsByTagNameNS(MPD_NS, "Representation"));
    for (Element r : reps) {
      if (!granted.test(r.getAttribute("id"))) {
        Node parent = r.getParentNode();
        removeWithIndent(r);
        if (parent instanceof Element set
            && set.getElementsByTagNameNS(MPD_NS, "Representation").getLength() == 0) {
          removeWithIndent(set);
        }
      }
    }
    return serialize(doc);
  }

  private static void removeWithIndent(Node n) {
    Node parent = n.getParentNode();
    Node prev = n.getPreviousSibling();
    if (prev != null && prev.getNodeType() == Node.TEXT_NODE && prev.getNodeValue().isBlank()) {
      parent.removeChild(prev);
    }
    parent.removeChild(n);
  }

  private static List<Element> elements(NodeList list) {
    List<Element> out = new ArrayList<>(list.getLength());
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }

  private static Document parse(String xml) {
    return SafeXml.parse(xml);
  }

  private static String serialize(Document doc) {
    return SafeXml.write(doc);
  }
}

package io.reel.edge.manifest;

import io.reel.origin.token.PackageFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

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
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      // No DOCTYPE at all: no XXE, no entity expansion (the packager refuses them too).
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      var b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    } catch (SAXException | IOException e) {
      throw new IllegalArgumentException("the MPD is not well-formed", e);
    }
  }

  private static String serialize(Document doc) {
    try {
      TransformerFactory tf = TransformerFactory.newInstance();
      tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      Transformer t = tf.newTransformer();
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      t.setOutputProperty(OutputKeys.INDENT, "no");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(doc), new StreamResult(w));
      return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + w;
    } catch (TransformerException e) {
      throw new IllegalStateException(e);
    }
  }
}

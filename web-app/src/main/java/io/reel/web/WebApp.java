package io.reel.web;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.conditional;
import static org.apache.pekko.http.javadsl.server.Directives.encodeResponse;
import static org.apache.pekko.http.javadsl.server.Directives.extractUri;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import io.reel.http.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The viewer web app, served anonymously: {@code GET /} (and the e-mail links {@code /verify} and
 * {@code /reset-password}) answer the app shell, {@code GET /app/**} the files under {@code
 * io/reel/web/app/} on the classpath. The app routes itself with the URL's fragment ({@code
 * /#/home}), so it never needs a path that an API route has.
 *
 * <p>A file name is checked segment by segment before anything is looked up: letters, digits, dot,
 * dash and underscore only, no dot segments, a known extension. So {@code ..}, its encodings,
 * backslashes, NUL and absolute paths are 404 (problem+json), never a file outside the app.
 *
 * <p>The shell's Content-Security-Policy allows scripts and styles from this origin only (plus the
 * hash of its inline import map), and media, images and connections also from the API's public
 * origin and the edges', which the node supplies ({@code mediaOrigins}: they are known once the
 * listeners are bound, so they are asked for per request).
 */
public final class WebApp {

  /** Where the app's files are on the classpath. */
  static final String ROOT = "io/reel/web/app/";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final int MAX_SEGMENTS = 6;
  private static final Pattern IMPORT_MAP =
      Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);
  private static final String YEAR = "public, max-age=31536000, immutable";
  private static final String REVALIDATE = "no-cache";

  private static final ContentType.WithCharset HTML =
      MediaTypes.TEXT_HTML.toContentType(HttpCharsets.UTF_8);
  private static final ContentType.WithCharset JAVASCRIPT =
      MediaTypes.customWithOpenCharset("text", "javascript", Map.of(), false, "js", "mjs")
          .toContentType(HttpCharsets.UTF_8);
  private static final Map<String, ContentType> TYPES =
      Map.of(
          "html",
          HTML,
          "js",
          JAVASCRIPT,
          "mjs",
          JAVASCRIPT,
          "css",
          MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8),
          "svg",
          MediaTypes.IMAGE_SVG_XML.toContentType(),
          "json",
          ContentTypes.APPLICATION_JSON,
          "webmanifest",
          MediaTypes.applicationWithFixedCharset("manifest+json", HttpCharsets.UTF_8)
              .toContentType(),
          "txt",
          ContentTypes.TEXT_PLAIN_UTF8,
          "png",
          MediaTypes.IMAGE_PNG.toContentType(),
          "ico",
          MediaTypes.IMAGE_X_ICON.toContentType());

  /** One file of the app, read once. */
  record Asset(byte[] bytes, ContentType type, EntityTag etag) {}

  private final ClassLoader loader;
  private final Supplier<List<String>> mediaOrigins;
  private final Map<String, Asset> assets = new ConcurrentHashMap<>();
  private final Asset shell;
  private final String importMapHash;

  /**
   * @param mediaOrigins the origins (or URLs) the app fetches media, licences and heartbeats from
   *     besides its own: the API's public URL and the edges' ({@code "https:"} for any https
   *     origin); empty allows any {@code https:} one
   */
  public WebApp(Supplier<List<String>> mediaOrigins) {
    this(WebApp.class.getClassLoader(), mediaOrigins);
  }

  WebApp(ClassLoader loader, Supplier<List<String>> mediaOrigins) {
    this.loader = loader;
    this.mediaOrigins = mediaOrigins;
    this.shell =
        asset("index.html")
            .orElseThrow(() -> new IllegalStateException("the web app is not on the classpath"));
    Matcher m = IMPORT_MAP.matcher(new String(shell.bytes(), StandardCharsets.UTF_8));
    this.importMapHash =
        m.find()
            ? "'sha256-" + base64(sha256(m.group(1).getBytes(StandardCharsets.UTF_8))) + "'"
            : "";
  }

  public Route routes() {
    return get(
        () ->
            concat(
                pathSingleSlash(this::shell),
                path("verify", this::shell),
                path("reset-password", this::shell),
                // Text compresses 3 to 5 times (shaka alone is most of the app's bytes): gzip for
                // clients that take it (the files are held in memory; it costs a few ms per file
                // at a cold load, then the browser's cache and the service worker hold them).
                pathPrefix(
                    "app",
                    () -> encodeResponse(() -> extractUri(uri -> file(uri.pathSegments()))))));
  }

  private Route shell() {
    return serve(shell, REVALIDATE, List.of(RawHeader.create("Content-Security-Policy", csp())));
  }

  private Route file(Iterable<String> pathSegments) {
    List<String> segments = new ArrayList<>();
    pathSegments.forEach(segments::add);
    // The first is "app"; pekko has decoded each segment (so %2e%2e is "..", %2f a '/' inside).
    Optional<String> name = name(segments.subList(1, segments.size()));
    Optional<Asset> found = name.flatMap(this::cached);
    if (found.isEmpty()) {
      return complete(Problem.response(StatusCodes.NOT_FOUND, "no such file in the app"));
    }
    String n = name.get();
    if (n.equals("index.html")) {
      return shell();
    }
    List<HttpHeader> extra = new ArrayList<>();
    if (n.equals("sw.js")) {
      // Registered from /app/ for the whole origin: the shell is at /.
      extra.add(RawHeader.create("Service-Worker-Allowed", "/"));
    }
    return serve(found.get(), n.startsWith("vendor/") ? YEAR : REVALIDATE, extra);
  }

  /** The file name under the app's root, or empty when any segment is not a plain name. */
  static Optional<String> name(List<String> segments) {
    if (segments.isEmpty() || segments.size() > MAX_SEGMENTS) {
      return Optional.empty();
    }
    for (String s : segments) {
      if (!SEGMENT.matcher(s).matches() || s.contains("..")) {
        return Optional.empty();
      }
    }
    String last = segments.get(segments.size() - 1);
    int dot = last.lastIndexOf('.');
    if (dot < 0 || !TYPES.containsKey(last.substring(dot + 1).toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(String.join("/", segments));
  }

  private Optional<Asset> cached(String name) {
    Asset a = assets.get(name);
    if (a != null) {
      return Optional.of(a);
    }
    // Only files that exist are kept: the app's files are a small, fixed set.
    Optional<Asset> read = asset(name);
    read.ifPresent(r -> assets.put(name, r));
    return read;
  }

  private Optional<Asset> asset(String name) {
    try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
      String tag = HexFormat.of().formatHex(sha256(bytes), 0, 16);
      return Optional.of(new Asset(bytes, TYPES.get(ext), EntityTag.create(tag, false)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the web app's " + name, e);
    }
  }

  private static Route serve(Asset a, String cacheControl, List<HttpHeader> extra) {
    List<HttpHeader> headers = new ArrayList<>(extra);
    headers.add(RawHeader.create("Cache-Control", cacheControl));
    headers.add(RawHeader.create("X-Content-Type-Options", "nosniff"));
    headers.add(RawHeader.create("Referrer-Policy", "no-referrer"));
    return respondWithHeaders(
        headers,
        () ->
            conditional(
                a.etag(), () -> complete(HttpResponse.create().withEntity(a.type(), a.bytes()))));
  }

  /**
   * The shell's policy: everything from this origin only, except that media, images (trickplay
   * sprites), and connections (manifests, segments, licences, heartbeats) may also come from the
   * API's public origin and the edges'.
   */
  String csp() {
    String others = String.join(" ", origins());
    String media = others.isEmpty() ? "https:" : others;
    return String.join(
        "; ",
        "default-src 'none'",
        ("script-src 'self' " + importMapHash).strip(),
        "style-src 'self'",
        "img-src 'self' data: blob: " + media,
        "media-src 'self' blob: " + media,
        "connect-src 'self' " + media,
        "worker-src 'self'",
        "manifest-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'");
  }

  /** The supplied URLs as origins ({@code scheme://host:port}); anything else is left out. */
  private List<String> origins() {
    Set<String> out = new LinkedHashSet<>();
    for (String url : mediaOrigins.get()) {
      if (url.equals("https:")) {
        out.add(url); // any https origin: an edge this node cannot name
        continue;
      }
      try {
        URI u = URI.create(url.strip());
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("https") || scheme.equals("http"))
            && u.getHost() != null
            && u.getHost().matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
          out.add(scheme + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()));
        }
      } catch (IllegalArgumentException e) {
        // not a URL: not an origin
      }
    }
    return List.copyOf(out);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}

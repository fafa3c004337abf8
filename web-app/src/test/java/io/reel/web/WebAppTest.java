package io.reel.web;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.reel.http.ProblemHandlers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web app's route on a real listener, as the node assembles it: API routes first, the app last,
 * everything sealed by the problem handlers. Hostile paths go over a raw socket so that nothing on
 * the client side normalises them first.
 */
class WebAppTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String EDGE = "https://edge.example.test:8444";

  private static ActorSystem<Void> system;
  private static ServerBinding binding;
  private static String base;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    system =
        ActorSystem.create(
            Behaviors.empty(),
            "web-app-test",
            ConfigFactory.parseString("pekko.loglevel = WARNING")
                .withFallback(ConfigFactory.load()));
    // GET /home stands for the API, which the node puts before the app.
    Route api =
        path(
            "home",
            () ->
                get(
                    () ->
                        complete(
                            org.apache.pekko.http.javadsl.model.HttpResponse.create()
                                .withEntity(
                                    ContentTypes.APPLICATION_JSON,
                                    "{\"profile\":null,\"rows\":[]}"))));
    WebApp app =
        new WebApp(() -> List.of(EDGE + "/edge", "http://127.0.0.1:8443/", "javascript:alert(1)"));
    binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(ProblemHandlers.wrap(concat(api, app.routes())))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    port = binding.localAddress().getPort();
    base = "http://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void theShellIsServedAtTheRootWithAStrictPolicy() throws Exception {
    HttpResponse<String> r = fetch("/");
    assertEquals(200, r.statusCode());
    assertEquals("text/html; charset=UTF-8", header(r, "Content-Type"));
    assertTrue(r.body().contains("<script type=\"importmap\">"), r.body());
    assertTrue(r.body().startsWith("<!doctype html>\n<html lang=\"en\">"), r.body());
    assertEquals("nosniff", header(r, "X-Content-Type-Options"));
    assertEquals("no-referrer", header(r, "Referrer-Policy"));
    assertEquals("no-cache", header(r, "Cache-Control"));

    Map<String, String> csp = directives(header(r, "Content-Security-Policy"));
    assertEquals("'none'", csp.get("default-src"));
    // Scripts: this origin and the inline import map by its hash; nothing else, no eval.
    assertEquals("'self' 'sha256-" + importMapHash(r.body()) + "'", csp.get("script-src"));
    assertEquals("'self'", csp.get("style-src"));
    assertEquals("'none'", csp.get("object-src"));
    assertEquals("'none'", csp.get("frame-ancestors"));
    assertEquals("'none'", csp.get("base-uri"));
    // Media, segments, licences and heartbeats: also the edge's and the API's public origins.
    assertEquals("'self' " + EDGE + " http://127.0.0.1:8443", csp.get("connect-src"));
    assertEquals("'self' blob: " + EDGE + " http://127.0.0.1:8443", csp.get("media-src"));
    assertEquals("'self' data: blob: " + EDGE + " http://127.0.0.1:8443", csp.get("img-src"));
    assertFalse(header(r, "Content-Security-Policy").contains("javascript"));
    assertFalse(header(r, "Content-Security-Policy").contains("unsafe"));
  }

  @Test
  void theEmailLinksOpenTheShell() throws Exception {
    for (String link : List.of("/verify?token=x", "/reset-password?token=abc-DEF_123")) {
      HttpResponse<String> r = fetch(link);
      assertEquals(200, r.statusCode(), link);
      assertEquals("text/html; charset=UTF-8", header(r, "Content-Type"), link);
      assertTrue(r.body().contains("<script type=\"importmap\">"), link);
      assertTrue(header(r, "Content-Security-Policy").contains("default-src 'none'"), link);
      assertEquals("nosniff", header(r, "X-Content-Type-Options"), link);
    }
  }

  @Test
  void theAppDoesNotShadowTheApi() throws Exception {
    HttpResponse<String> r = fetch("/home");
    assertEquals(200, r.statusCode());
    assertEquals("application/json", header(r, "Content-Type"));
    assertEquals("[]", JSON.readTree(r.body()).get("rows").toString());
  }

  @Test
  void everyLibraryOfTheImportMapIsServedAsJavaScriptForAYear() throws Exception {
    JsonNode imports = JSON.readTree(importMap(fetch("/").body())).get("imports");
    List<String> names = new ArrayList<>();
    imports.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("preact", "preact/hooks", "htm", "shaka-player"), names);
    for (Iterator<JsonNode> it = imports.elements(); it.hasNext(); ) {
      String url = it.next().asText();
      assertTrue(url.startsWith("/app/vendor/"), url);
      HttpResponse<String> r = fetch(url);
      assertEquals(200, r.statusCode(), url);
      assertEquals("text/javascript; charset=UTF-8", header(r, "Content-Type"), url);
      assertEquals("public, max-age=31536000, immutable", header(r, "Cache-Control"), url);
      assertEquals("nosniff", header(r, "X-Content-Type-Options"), url);
      assertTrue(r.body().length() > 500, url);
      // Each library's licence is beside it.
      String dir = url.substring(0, url.lastIndexOf('/'));
      HttpResponse<String> licence = fetch(dir + "/LICENSE.txt");
      assertEquals(200, licence.statusCode(), dir);
      assertEquals("text/plain; charset=UTF-8", header(licence, "Content-Type"));
    }
  }

  /** Browsers ask for gzip and get it; a client that does not ask gets the plain file. */
  @Test
  void filesAreGzippedForClientsThatTakeIt() throws Exception {
    HttpResponse<String> plain = fetch("/app/js/main.js");
    HttpResponse<byte[]> zipped =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(base + "/app/js/main.js"))
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(null, header(plain, "Content-Encoding"));
    assertEquals("gzip", header(zipped, "Content-Encoding"));
    try (java.util.zip.GZIPInputStream in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
      assertEquals(
          plain.body(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void theAppsOwnFilesHaveTheirTypesAndAreRevalidated() throws Exception {
    Map<String, String> types =
        Map.of(
            "/app/js/main.js", "text/javascript; charset=UTF-8",
            "/app/js/pages/watch.js", "text/javascript; charset=UTF-8",
            "/app/app.css", "text/css; charset=UTF-8",
            "/app/manifest.webmanifest", "application/manifest+json",
            "/app/img/poster-placeholder.svg", "image/svg+xml");
    for (Map.Entry<String, String> e : types.entrySet()) {
      HttpResponse<String> r = fetch(e.getKey());
      assertEquals(200, r.statusCode(), e.getKey());
      assertEquals(e.getValue(), header(r, "Content-Type"), e.getKey());
      assertEquals("no-cache", header(r, "Cache-Control"), e.getKey());
      assertEquals("nosniff", header(r, "X-Content-Type-Options"), e.getKey());
      String etag = header(r, "ETag");
      HttpResponse<String> again =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(base + e.getKey()))
                  .header("If-None-Match", etag)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(304, again.statusCode(), e.getKey());
    }
  }

  @Test
  void theServiceWorkerMayControlTheWholeOriginAndCachesOnlyFilesThatExist() throws Exception {
    HttpResponse<String> r = fetch("/app/sw.js");
    assertEquals(200, r.statusCode());
    assertEquals("text/javascript; charset=UTF-8", header(r, "Content-Type"));
    assertEquals("no-cache", header(r, "Cache-Control"));
    assertEquals("/", header(r, "Service-Worker-Allowed"));
    // The build put a digest of the app in the cache's name.
    Matcher version = Pattern.compile("const VERSION = '([0-9a-f]{64})';").matcher(r.body());
    assertTrue(version.find(), "no digest in sw.js");
    // Every file it pre-caches is served (one missing file would fail its install).
    Matcher shell = Pattern.compile("const SHELL = \\[(.*?)\\];", Pattern.DOTALL).matcher(r.body());
    assertTrue(shell.find());
    Matcher entry = Pattern.compile("'([^']+)'").matcher(shell.group(1));
    int files = 0;
    while (entry.find()) {
      assertEquals(200, fetch(entry.group(1)).statusCode(), entry.group(1));
      files++;
    }
    assertTrue(files > 20, "shell files: " + files);
  }

  @Test
  void unknownAppFilesAreProblemJson404() throws Exception {
    for (String p : List.of("/app/nope.js", "/app/js/nope.js", "/app/", "/app", "/app/js")) {
      HttpResponse<String> r = fetch(p);
      assertEquals(404, r.statusCode(), p);
      assertEquals("application/problem+json", header(r, "Content-Type"), p);
      assertEquals(404, JSON.readTree(r.body()).get("status").asInt(), p);
    }
  }

  /**
   * Dot segments (plain and encoded), encoded slashes, backslashes, NUL, absolute and hidden paths:
   * 404, never a file outside the app (a class, the pom), never a stack trace.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/app/../pom.xml",
        "/app/%2e%2e/x",
        "/app/%2E%2E/%2E%2E/io/reel/web/WebApp.class",
        "/app/..%2fx",
        "/app/..%2f..%2fio%2freel%2fweb%2fWebApp.class",
        "/app/js/../../WebApp.class",
        "/app/..%5c..%5cWebApp.class",
        "/app/a%5Cb",
        "/app/a%00b.js",
        "/app/js/main.js%00.html",
        "/app//etc/passwd",
        "/app/%2fetc%2fpasswd",
        "/app/.hidden.js",
        "/app/js/.%2e/.%2e/WebApp.class",
        "/app/C:%5Cwindows%5Cwin.ini",
        "/app/file:%2F%2F%2Fetc%2Fpasswd",
        "/app/vendor/../../../../../../etc/passwd",
        "/app/logback-test.xml",
        "/app/io/reel/web/WebApp.class"
      })
  void hostilePathsAre404(String target) throws Exception {
    Raw r = raw(target);
    assertEquals(404, r.status(), target + " -> " + r.text());
    assertClean(target, r);
    assertTrue(r.text().contains("application/problem+json"), target + " -> " + r.text());
  }

  /**
   * A raw backslash or NUL is not legal in a request target: pekko refuses it while parsing (400),
   * before any route; either way no file and no trace.
   */
  @ParameterizedTest
  @ValueSource(strings = {"/app/a\\b", "/app/..\\..\\pom.xml", "/app/a\u0000b.js"})
  void illegalCharactersNeverReachAFile(String target) throws Exception {
    Raw r = raw(target);
    assertTrue(r.status() == 400 || r.status() == 404, target + " -> " + r.text());
    assertClean(target, r);
  }

  @Test
  void namesAreCheckedSegmentBySegment() {
    assertEquals(Optional.of("js/main.js"), WebApp.name(List.of("js", "main.js")));
    assertEquals(
        Optional.of("vendor/preact-10.29.8/preact.module.js"),
        WebApp.name(List.of("vendor", "preact-10.29.8", "preact.module.js")));
    for (List<String> bad :
        List.of(
            List.<String>of(),
            List.of(".."),
            List.of("js", "..", "x.js"),
            List.of("a..b.js"),
            List.of("..%2fx.js"),
            List.of("../x.js"),
            List.of("a\\b.js"),
            List.of("a\u0000.js"),
            List.of("", "etc", "passwd.txt"),
            List.of(".hidden.js"),
            List.of("WebApp.class"),
            List.of("noextension"),
            List.of("a", "b", "c", "d", "e", "f", "g.js"))) {
      assertEquals(Optional.empty(), WebApp.name(bad), bad.toString());
    }
  }

  private static void assertClean(String target, Raw r) {
    String text = r.text();
    String lower = text.toLowerCase(Locale.ROOT);
    assertFalse(text.contains("<project"), target + " served the pom: " + text);
    assertFalse(text.contains("root:"), target + " served passwd: " + text);
    assertFalse(text.contains("\u00ca\u00fe\u00ba\u00be"), target + " served a class");
    assertFalse(lower.contains("exception"), target + " -> " + text);
    assertFalse(text.contains("\tat "), target + " -> " + text);
    assertFalse(text.contains("io.reel"), target + " -> " + text);
  }

  private static HttpResponse<String> fetch(String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  private record Raw(int status, String text) {}

  /** One request with exactly this request target; the whole answer as ISO-8859-1 text. */
  private static Raw raw(String target) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      String text = bytes.toString(StandardCharsets.ISO_8859_1);
      Matcher m = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(text);
      return new Raw(m.find() ? Integer.parseInt(m.group(1)) : -1, text);
    }
  }

  private static String importMap(String html) {
    Matcher m =
        Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertTrue(m.find(), "no import map");
    return m.group(1);
  }

  private static String importMapHash(String html) throws Exception {
    return Base64.getEncoder()
        .encodeToString(
            MessageDigest.getInstance("SHA-256")
                .digest(importMap(html).getBytes(StandardCharsets.UTF_8)));
  }

  private static Map<String, String> directives(String csp) {
    Map<String, String> out = new TreeMap<>();
    for (String d : csp.split(";")) {
      String t = d.strip();
      int space = t.indexOf(' ');
      out.put(space < 0 ? t : t.substring(0, space), space < 0 ? "" : t.substring(space + 1));
    }
    return out;
  }
}

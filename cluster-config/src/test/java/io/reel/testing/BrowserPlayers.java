package io.reel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Plays a protected title in a real browser: headless Debian Chromium driven by playwright-core,
 * with hls.js, dash.js or shaka-player ({@code src/test/js/players/play.mjs}), and returns what
 * happened. On a fresh machine it installs what it needs: Debian's {@code chromium} when {@code
 * /usr/bin/chromium} is missing (the tests run as root), and the pinned npm packages into {@code
 * target/browser-players/} when its node_modules is missing or was installed from another
 * package.json. playwright-core never downloads a browser.
 */
public final class BrowserPlayers {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FILES =
      List.of("package.json", "package-lock.json", "player.html", "player.js", "play.mjs");
  private static final List<String> MODULES =
      List.of("hls.js", "dashjs", "shaka-player", "playwright-core", "puppeteer-core");
  private static final String STAMP = "node_modules/.reel-installed-from-package.json";

  /** play.mjs stops itself at the spec's timeout; this is only for a node that hangs regardless. */
  private static final Duration GRACE = Duration.ofSeconds(20);

  private BrowserPlayers() {}

  /** The players Reel supports, named as play.mjs names them. */
  public enum Player {
    HLS("hls"),
    DASH("dash"),
    SHAKA("shaka");

    private final String id;

    Player(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /**
   * What to play.
   *
   * @param licenceHeaders sent with every licence request, e.g. {@code Authorization: Bearer …}
   * @param timeout the whole run: browser start, playback, switch and seek
   * @param renewal the session's heartbeat, whose answers renew the edge token in the URLs, or
   *     null: the page then uses the first token throughout
   * @param switchAfter how long playback is held before the forced switch (zero: at once)
   */
  public record Spec(
      Player player,
      String manifestUrl,
      String licenceUrl,
      Map<String, String> licenceHeaders,
      Duration timeout,
      Renewal renewal,
      Duration switchAfter) {

    public Spec {
      licenceHeaders = Map.copyOf(licenceHeaders);
      switchAfter = switchAfter == null ? Duration.ZERO : switchAfter;
    }

    public Spec(
        Player player,
        String manifestUrl,
        String licenceUrl,
        Map<String, String> licenceHeaders,
        Duration timeout) {
      this(player, manifestUrl, licenceUrl, licenceHeaders, timeout, null, Duration.ZERO);
    }

    /** This spec with heartbeats that renew the token, and the forced switch held back. */
    public Spec renewing(Renewal renewal, Duration switchAfter, Duration timeout) {
      return new Spec(
          player, manifestUrl, licenceUrl, licenceHeaders, timeout, renewal, switchAfter);
    }

    /** This spec without renewal (the first token throughout), the switch held back. */
    public Spec holding(Duration switchAfter, Duration timeout) {
      return new Spec(player, manifestUrl, licenceUrl, licenceHeaders, timeout, null, switchAfter);
    }

    /** The manifest that fits the player: DASH for dash.js, HLS for hls.js, shaka takes either. */
    public static Spec of(
        Player player,
        String hlsUrl,
        String dashUrl,
        String licenceUrl,
        Map<String, String> licenceHeaders) {
      return new Spec(
          player,
          player == Player.HLS ? hlsUrl : dashUrl,
          licenceUrl,
          licenceHeaders,
          Duration.ofSeconds(60));
    }

    /** Never prints header values: they carry bearer tokens. */
    @Override
    public String toString() {
      return "Spec[" + player.id + " " + manifestUrl + ", licence " + licenceUrl + "]";
    }
  }

  /**
   * How a page renews its edge token: {@code POST heartbeatUrl} every {@code every} with the
   * viewer's access token, sending the current edge token ({@code token} at first, which the
   * manifest and licence URLs carry) and taking the renewed one from the answer.
   */
  public record Renewal(String token, String heartbeatUrl, String accessToken, Duration every) {

    /** Never prints tokens. */
    @Override
    public String toString() {
      return "Renewal[" + heartbeatUrl + " every " + every + "]";
    }
  }

  public record Rendition(String id, int width, int height, long bandwidth) {}

  /** A manifest or segment the edge refused, {@code atMs} after the harness started. */
  public record Refusal(long atMs, int status, String file) {}

  /** The player's own word that it switched, at {@code atMs} after start. */
  public record PlayerSwitch(long atMs, String id, int height, String how) {}

  /**
   * A forced switch with ABR off: {@code happened} when the decoded height became {@code to}'s and
   * the player reported it ({@code playerEvents}).
   */
  public record ForcedSwitch(
      Rendition from,
      Rendition to,
      int videoHeightBefore,
      int videoHeightAfter,
      List<PlayerSwitch> playerEvents,
      boolean happened,
      long ms) {}

  /**
   * A seek to the middle; {@code resumed} when time moved past {@code to}. {@code replayed}: the
   * video had already ended or paused, so the harness called {@code play()} after seeking.
   */
  public record Seek(
      double from, double to, boolean replayed, double currentTime, boolean resumed, long ms) {}

  /** source: player, eme, video (the media element), page, console, harness. */
  public record PlayerError(String source, boolean fatal, String message, JsonNode detail) {}

  /** A licence request seen by the browser: an HTTP status, or a network failure. */
  public record LicenceResponse(String method, int status, String failure) {}

  /**
   * What play.mjs saw. Times are milliseconds; {@code startupMs} is from player start to the {@code
   * playing} event, {@code firstFrameMs} to the first presented frame (null if none). {@code
   * forcedSwitch} and {@code seek} are null when playback never advanced.
   */
  public record Result(
      String player,
      String library,
      String browser,
      long browserLaunchMs,
      Long startupMs,
      Long firstFrameMs,
      boolean advanced,
      double timeAfterStart,
      double duration,
      List<Rendition> renditions,
      ForcedSwitch forcedSwitch,
      Seek seek,
      List<Integer> heightsSeen,
      List<PlayerError> errors,
      List<LicenceResponse> licenceResponses,
      int mediaOk,
      List<Refusal> mediaRefused,
      int tokenRenewals,
      int tokenRewrites,
      long totalMs,
      JsonNode raw) {

    public boolean anyFatalError() {
      return errors.stream().anyMatch(PlayerError::fatal);
    }

    /** One line of figures for the test log. */
    public String figures() {
      return String.format(
          java.util.Locale.ROOT,
          "%s %s in Chromium %s: browser %d ms, playing %s ms, first frame %s ms, advanced %s,"
              + " switch %s, seek %s, %d fatal errors, licence %s, total %d ms",
          player,
          library,
          browser,
          browserLaunchMs,
          startupMs,
          firstFrameMs,
          advanced,
          forcedSwitch == null
              ? "-"
              : forcedSwitch.videoHeightBefore()
                  + "p->"
                  + forcedSwitch.videoHeightAfter()
                  + "p "
                  + forcedSwitch.ms()
                  + " ms",
          seek == null ? "-" : (seek.resumed() ? "resumed " : "stuck ") + seek.ms() + " ms",
          errors.stream().filter(PlayerError::fatal).count(),
          licenceResponses.stream()
              .map(l -> l.failure() == null ? Integer.toString(l.status()) : l.failure())
              .toList(),
          totalMs);
    }

    /** The JSON without its event log: short enough for an assertion message. */
    public String summary() {
      ObjectNode copy = raw.deepCopy();
      copy.remove("events");
      return copy.toString();
    }

    @Override
    public String toString() {
      return raw.toString();
    }
  }

  /** Plays {@code spec} once in a fresh browser. Throws when the harness (not playback) fails. */
  public static Result play(Spec spec) throws IOException, InterruptedException {
    Path work = prepare();
    ObjectNode json = JSON.createObjectNode();
    json.put("player", spec.player().id());
    json.put("manifestUrl", spec.manifestUrl());
    json.put("licenceUrl", spec.licenceUrl());
    ObjectNode headers = json.putObject("licenceHeaders");
    spec.licenceHeaders().forEach(headers::put);
    json.put("timeoutMs", spec.timeout().toMillis());
    json.put("switchAfterMs", spec.switchAfter().toMillis());
    if (spec.renewal() != null) {
      json.put("token", spec.renewal().token());
      ObjectNode hb = json.putObject("heartbeat");
      hb.put("url", spec.renewal().heartbeatUrl());
      hb.put("authorization", "Bearer " + spec.renewal().accessToken());
      hb.put("everyMs", spec.renewal().every().toMillis());
    }

    Path out = Files.createTempFile(work, "play", ".json");
    Path err = Files.createTempFile(work, "play", ".err");
    try {
      // The spec goes through stdin ("-") so tokens stay out of the process list.
      ProcessBuilder pb =
          new ProcessBuilder("node", "play.mjs", "-")
              .directory(work.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      int rc = run(pb, JSON.writeValueAsBytes(json), spec.timeout().plus(GRACE));
      if (rc != 0) {
        throw new IllegalStateException(
            "play.mjs failed (exit " + rc + ") for " + spec + ": " + tail(err));
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
      if (stdout.isEmpty()) {
        throw new IllegalStateException("play.mjs printed nothing for " + spec + ": " + tail(err));
      }
      String[] lines = stdout.split("\n");
      return parse(JSON.readTree(lines[lines.length - 1]));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static Result parse(JsonNode r) {
    List<Rendition> renditions = new ArrayList<>();
    r.path("renditions").forEach(n -> renditions.add(rendition(n)));
    ForcedSwitch forced = null;
    JsonNode f = r.path("forcedSwitch");
    if (f.isObject()) {
      List<PlayerSwitch> events = new ArrayList<>();
      f.path("playerEvents")
          .forEach(
              e ->
                  events.add(
                      new PlayerSwitch(
                          e.path("t").asLong(),
                          e.path("id").asText(null),
                          e.path("height").asInt(),
                          e.path("how").asText())));
      forced =
          new ForcedSwitch(
              f.hasNonNull("from") ? rendition(f.get("from")) : null,
              f.hasNonNull("to") ? rendition(f.get("to")) : null,
              f.path("fromVideoHeight").asInt(),
              f.path("videoHeightAfter").asInt(),
              events,
              f.path("happened").asBoolean(),
              f.path("ms").asLong());
    }
    Seek seek = null;
    JsonNode s = r.path("seek");
    if (s.isObject()) {
      seek =
          new Seek(
              s.path("from").asDouble(),
              s.path("to").asDouble(),
              s.path("replayed").asBoolean(),
              s.path("currentTime").asDouble(),
              s.path("resumed").asBoolean(),
              s.path("ms").asLong());
    }
    List<Integer> heights = new ArrayList<>();
    r.path("heightsSeen").forEach(h -> heights.add(h.asInt()));
    List<PlayerError> errors = new ArrayList<>();
    r.path("errors")
        .forEach(
            e ->
                errors.add(
                    new PlayerError(
                        e.path("source").asText(),
                        e.path("fatal").asBoolean(),
                        e.path("message").asText(""),
                        e)));
    List<LicenceResponse> licence = new ArrayList<>();
    r.path("licenceResponses")
        .forEach(
            l ->
                licence.add(
                    new LicenceResponse(
                        l.path("method").asText(),
                        l.path("status").asInt(),
                        l.path("failure").asText(null))));
    List<Refusal> refused = new ArrayList<>();
    r.path("mediaRefused")
        .forEach(
            x ->
                refused.add(
                    new Refusal(
                        x.path("t").asLong(), x.path("status").asInt(), x.path("file").asText())));
    return new Result(
        r.path("player").asText(),
        r.path("library").asText(),
        r.path("browser").asText(),
        r.path("browserLaunchMs").asLong(),
        r.hasNonNull("startupMs") ? r.get("startupMs").asLong() : null,
        r.hasNonNull("firstFrameMs") ? r.get("firstFrameMs").asLong() : null,
        r.path("advanced").asBoolean(),
        r.path("timeAfterStart").asDouble(),
        r.path("duration").asDouble(),
        List.copyOf(renditions),
        forced,
        seek,
        List.copyOf(heights),
        List.copyOf(errors),
        List.copyOf(licence),
        r.path("mediaOk").asInt(),
        List.copyOf(refused),
        r.path("tokenRenewals").asInt(),
        r.path("tokenRewrites").asInt(),
        r.path("totalMs").asLong(),
        r);
  }

  private static Rendition rendition(JsonNode n) {
    return new Rendition(
        n.path("id").asText(),
        n.path("width").asInt(),
        n.path("height").asInt(),
        n.path("bandwidth").asLong());
  }

  /** Chromium from Debian, the js files in target/, npm packages when missing or changed. */
  static synchronized Path prepare() throws IOException, InterruptedException {
    Path work = Path.of("target/browser-players").toAbsolutePath();
    Files.createDirectories(work);
    ensureChromium(work);
    // Run from this module or from the repository root.
    Path src = Path.of("src/test/js/players");
    if (!Files.isDirectory(src)) {
      src = Path.of("cluster-config/src/test/js/players");
    }
    if (!Files.isDirectory(src)) {
      src = Path.of("../cluster-config/src/test/js/players"); // from another module (load-tests)
    }
    for (String f : FILES) {
      Files.copy(src.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    // The web app's scenarios (BrowserApp) run with the same node_modules.
    Path app = src.resolveSibling("app");
    if (Files.isDirectory(app)) {
      try (java.util.stream.Stream<Path> scripts = Files.list(app)) {
        for (Path f : scripts.filter(Files::isRegularFile).toList()) {
          Files.copy(f, work.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    String packageJson = Files.readString(work.resolve("package.json"));
    Path stamp = work.resolve(STAMP);
    boolean installed =
        MODULES.stream().allMatch(m -> Files.isDirectory(work.resolve("node_modules").resolve(m)))
            && Files.isRegularFile(stamp)
            && Files.readString(stamp).equals(packageJson);
    if (!installed) {
      Path log = work.resolve("npm-install.log");
      ProcessBuilder pb =
          new ProcessBuilder("npm", "install", "--no-audit", "--no-fund")
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      // playwright-core downloads nothing by itself; this keeps it so whatever a version does.
      pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
      int rc = run(pb, null, Duration.ofMinutes(10));
      if (rc != 0) {
        throw new IllegalStateException("npm install failed: " + tail(log));
      }
      Files.writeString(stamp, packageJson);
    }
    return work;
  }

  private static void ensureChromium(Path work) throws IOException, InterruptedException {
    if (!Files.isExecutable(CHROMIUM)) {
      aptInstall(work, "chromium");
      if (!Files.isExecutable(CHROMIUM)) {
        throw new IllegalStateException("no " + CHROMIUM + " after installing Debian's chromium");
      }
    }
  }

  /**
   * Debian's Firefox ESR for {@code firefox.mjs}, and the system libavcodec it decodes H.264 with
   * (Debian's Firefox has no H.264 decoder of its own). Installed when missing, as Chromium is.
   */
  public static synchronized void ensureFirefox() throws IOException, InterruptedException {
    Path work = Path.of("target/browser-players").toAbsolutePath();
    Files.createDirectories(work);
    if (!Files.isExecutable(FIREFOX) || !hasLibavcodec()) {
      aptInstall(work, "--no-install-recommends", "firefox-esr", "libavcodec59");
      if (!Files.isExecutable(FIREFOX) || !hasLibavcodec()) {
        throw new IllegalStateException("no Firefox with libavcodec after apt-get install");
      }
    }
  }

  private static boolean hasLibavcodec() throws IOException {
    Path lib = Path.of("/usr/lib");
    try (java.util.stream.Stream<Path> found = Files.walk(lib, 2)) {
      return found.anyMatch(p -> p.getFileName().toString().startsWith("libavcodec.so.59"));
    }
  }

  private static void aptInstall(Path work, String... packages)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("apt-get", "install", "-y"));
    command.addAll(List.of(packages));
    Path log = work.resolve("apt-get.log");
    ProcessBuilder install =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    install.environment().put("DEBIAN_FRONTEND", "noninteractive");
    int rc = run(install, null, Duration.ofMinutes(15));
    if (rc != 0) {
      // A fresh image often has no package lists yet.
      ProcessBuilder update =
          new ProcessBuilder("apt-get", "update")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      run(update, null, Duration.ofMinutes(5));
      rc = run(install, null, Duration.ofMinutes(15));
    }
    if (rc != 0) {
      throw new IllegalStateException(
          "cannot install " + command + " (apt-get exit " + rc + "): " + tail(log));
    }
  }

  /**
   * Runs a process to completion, feeding {@code stdin} if given. On timeout or interruption the
   * whole tree (node, Chromium and its helpers) is killed: descendants first, while they are still
   * reachable through the parent.
   */
  static int run(ProcessBuilder pb, byte[] stdin, Duration timeout)
      throws IOException, InterruptedException {
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    Process p = pb.start();
    try {
      if (stdin != null) {
        try (OutputStream in = p.getOutputStream()) {
          in.write(stdin);
        }
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        killTree(p);
        throw new IllegalStateException("timed out after " + timeout + ": " + pb.command());
      }
      return p.exitValue();
    } catch (InterruptedException | IOException | RuntimeException e) {
      killTree(p);
      throw e;
    }
  }

  private static void killTree(Process p) throws InterruptedException {
    List<ProcessHandle> tree = p.descendants().toList();
    tree.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  static String tail(Path file) throws IOException {
    String s = Files.exists(file) ? Files.readString(file) : "";
    return s.length() > 4000 ? "…" + s.substring(s.length() - 4000) : s;
  }
}

package io.reel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs a scenario against Reel's web app in headless Debian Chromium driven by playwright-core: a
 * script from {@code src/test/js/app/} (installed beside the players of {@link BrowserPlayers},
 * sharing their node_modules and Chromium) gets a JSON spec on stdin and prints one JSON line of
 * what it saw. Screenshots go to {@link #SCREENSHOTS} (kept as test output), one per page the
 * scenario names.
 *
 * <p>A script exits 0 when it printed its result, whatever the app did (the test asserts on the
 * result); anything else is a harness failure and throws here with the script's stderr.
 */
public final class BrowserApp {

  public static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();

  private static final ObjectMapper JSON = new ObjectMapper();

  private BrowserApp() {}

  /** A new spec with the screenshot directory for {@code scenario} filled in. */
  public static ObjectNode spec(String scenario) throws IOException {
    Path shots = SCREENSHOTS.resolve(scenario);
    Files.createDirectories(shots);
    ObjectNode spec = JSON.createObjectNode();
    spec.put("screenshots", shots.toString());
    return spec;
  }

  /**
   * Has the browser trust {@code node}'s certificate, and no other: Chromium is started with the
   * certificate's key pinned instead of ignoring certificate errors. Nothing for a plain HTTP node.
   */
  public static void trust(ObjectNode spec, TestNode node) {
    if (node.tls()) {
      spec.putArray("trustSpki").add(TestTrust.spki(node.certificate()));
    }
  }

  /** Runs {@code script} (e.g. {@code viewer.mjs}) with {@code spec}; its one line of JSON. */
  public static JsonNode run(String script, ObjectNode spec, Duration timeout)
      throws IOException, InterruptedException {
    Path work = BrowserPlayers.prepare();
    spec.put("timeoutMs", timeout.toMillis());
    Path out = Files.createTempFile(work, "app", ".json");
    Path err = Files.createTempFile(work, "app", ".err");
    try {
      // The spec goes through stdin: it carries passwords and tokens.
      ProcessBuilder pb =
          new ProcessBuilder("node", script, "-")
              .directory(work.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      int rc =
          BrowserPlayers.run(
              pb, JSON.writeValueAsBytes(spec), timeout.plus(Duration.ofSeconds(30)));
      String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
      if (rc != 0 || stdout.isEmpty()) {
        throw new IllegalStateException(
            script
                + " failed (exit "
                + rc
                + "): "
                + BrowserPlayers.tail(err)
                + "\n"
                + (stdout.length() > 4000 ? stdout.substring(stdout.length() - 4000) : stdout));
      }
      String[] lines = stdout.split("\n");
      return JSON.readTree(lines[lines.length - 1]);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}

package io.reel.transcode.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/js/check-manifests.mjs} (videojs m3u8-parser and mpd-parser) on a packaged
 * directory: a second opinion from the parsers a real player uses, not from our own code. The
 * checker is copied to {@code target/manifest-checker/} and {@code npm install} runs there only
 * when its node_modules is missing, so a fresh checkout works and the source tree stays clean.
 */
public final class ManifestChecker {

  private static final List<String> FILES = List.of("package.json", "check-manifests.mjs");

  private ManifestChecker() {}

  public static JsonNode check(Path dir) throws IOException, InterruptedException {
    Path work = prepare();
    Path out = Files.createTempFile(work, "out", ".json");
    Path err = Files.createTempFile(work, "err", ".txt");
    try {
      int rc =
          run(
              new ProcessBuilder("node", "check-manifests.mjs", dir.toAbsolutePath().toString())
                  .directory(work.toFile())
                  .redirectOutput(out.toFile())
                  .redirectError(err.toFile()),
              2);
      if (rc != 0) {
        throw new IllegalStateException(
            "manifest checker failed (" + rc + "): " + Files.readString(err));
      }
      return new ObjectMapper().readTree(Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static synchronized Path prepare() throws IOException, InterruptedException {
    // Run from this module, the repository root, or a sibling module (cluster-config's tests).
    // (cluster-config has a src/test/js of its own: look for the checker itself.)
    Path src = Path.of("src/test/js");
    for (String candidate :
        new String[] {"transcoding-pipeline/src/test/js", "../transcoding-pipeline/src/test/js"}) {
      if (!Files.exists(src.resolve("check-manifests.mjs"))) {
        src = Path.of(candidate);
      }
    }
    Path work = Path.of("target/manifest-checker").toAbsolutePath();
    Files.createDirectories(work);
    for (String f : FILES) {
      Files.copy(src.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(work.resolve("node_modules/m3u8-parser"))
        || !Files.isDirectory(work.resolve("node_modules/mpd-parser"))) {
      Path log = work.resolve("npm-install.log");
      int rc =
          run(
              new ProcessBuilder("npm", "install", "--no-audit", "--no-fund")
                  .directory(work.toFile())
                  .redirectErrorStream(true)
                  .redirectOutput(log.toFile()),
              10);
      if (rc != 0) {
        throw new IllegalStateException("npm install failed: " + Files.readString(log));
      }
    }
    return work;
  }

  private static int run(ProcessBuilder pb, long minutes) throws IOException, InterruptedException {
    Process p = pb.start();
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + pb.command());
    }
    return p.exitValue();
  }
}

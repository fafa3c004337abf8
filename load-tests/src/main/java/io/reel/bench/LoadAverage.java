package io.reel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, printed beside each figure: a figure from a busy box is noise. */
final class LoadAverage {

  private LoadAverage() {}

  /** "1-min 5-min 15-min", or "unknown" off Linux. */
  static String now() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Waits (at most 5 minutes) until the 1-minute load average is under 1.5: after a bulk load the
   * projections work on for a while, and a figure taken meanwhile measures them too.
   */
  static void settle() throws IOException, InterruptedException {
    long start = System.nanoTime();
    while (System.nanoTime() - start < java.time.Duration.ofMinutes(5).toNanos()) {
      String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
      if (Double.parseDouble(load[0]) < 1.5) {
        break;
      }
      Thread.sleep(5_000);
    }
    System.out.printf(
        "settled after %.0f s; load average %s%n", (System.nanoTime() - start) / 1e9, now());
  }
}

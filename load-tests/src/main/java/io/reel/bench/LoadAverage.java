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
}

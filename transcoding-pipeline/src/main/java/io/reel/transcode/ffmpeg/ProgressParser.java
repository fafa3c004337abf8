package io.reel.transcode.ffmpeg;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.util.ByteString;

/**
 * Turns ffmpeg {@code -progress} output ({@code key=value} lines, each block ending with {@code
 * progress=continue} or {@code progress=end}) into {@link Progress} events. Not thread-safe: one
 * parser per ffmpeg process.
 */
public final class ProgressParser {

  public static final int MAX_LINE = 4096;

  private long outTimeMicros;
  private long frame;
  private double fps;
  private OptionalDouble speed = OptionalDouble.empty();

  /** Feeds one line; returns a Progress when the line closes a block. */
  public Optional<Progress> accept(String rawLine) {
    String line = rawLine.strip();
    int eq = line.indexOf('=');
    if (eq <= 0) {
      return Optional.empty();
    }
    String key = line.substring(0, eq).strip();
    String value = line.substring(eq + 1).strip();
    switch (key) {
      case "frame":
        frame = parseLong(value).orElse(frame);
        break;
      case "fps":
        fps = parseDouble(value).orElse(fps);
        break;
      // Despite its name ffmpeg writes out_time_ms in microseconds too; prefer out_time_us.
      case "out_time_us":
      case "out_time_ms":
        if (!value.equals("N/A")) {
          parseLong(value).ifPresent(v -> outTimeMicros = Math.max(0, v));
        }
        break;
      case "speed":
        String s = value.endsWith("x") ? value.substring(0, value.length() - 1) : value;
        speed = parseDouble(s).isPresent() ? parseDouble(s) : OptionalDouble.empty();
        break;
      case "progress":
        return Optional.of(new Progress(outTimeMicros, frame, fps, speed, value.equals("end")));
      default:
        break;
    }
    return Optional.empty();
  }

  /** Parses a whole captured {@code -progress} text. */
  public static List<Progress> parseAll(String text) {
    ProgressParser p = new ProgressParser();
    List<Progress> out = new ArrayList<>();
    text.lines().forEach(l -> p.accept(l).ifPresent(out::add));
    return out;
  }

  /** ffmpeg's stdout bytes to progress events; a fresh parser per materialisation. */
  public static Flow<ByteString, Progress, NotUsed> flow() {
    return Flow.<ByteString>create()
        .via(Framing.delimiter(ByteString.fromString("\n"), MAX_LINE, FramingTruncation.ALLOW))
        .map(ByteString::utf8String)
        .statefulMapConcat(
            () -> {
              ProgressParser parser = new ProgressParser();
              return line -> parser.accept(line).map(List::of).orElse(List.of());
            });
  }

  private static OptionalDouble parseDouble(String v) {
    try {
      double d = Double.parseDouble(v);
      return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  private static Optional<Long> parseLong(String v) {
    try {
      return Optional.of(Long.parseLong(v));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

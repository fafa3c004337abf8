package io.reel.infra;

import io.reel.http.Failures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Command line for the local infrastructure, used by {@code ./reel}.
 *
 * <pre>
 * up   --home DIR [--cassandra-port N] [--cassandra-storage-port N] [--kafka-port N]
 *      [--kafka-controller-port N] [--cassandra-heap 1g] [--kafka-heap 256m]
 *      [--cassandra-classpath FILE] [--kafka-classpath FILE] [--keyspace K]
 *      [--topics t1:3,t2:3] [--ephemeral] [--timeout SECONDS] [--env-prefix REEL_TEST_]
 * down --home DIR
 * </pre>
 *
 * <p>{@code up} starts both servers, applies the schema, creates the topics, writes {@code
 * <home>/ready} and {@code <home>/infra.pid}, and blocks until SIGTERM/SIGINT, then stops both and
 * removes those files. If a server dies meanwhile, it stops the other and exits 1. A second {@code
 * up} on a home whose {@code up} is still running is refused; servers orphaned by an {@code up}
 * that was killed are stopped before starting new ones.
 *
 * <p>{@code down} stops the {@code up} recorded in {@code infra.pid} and then any server recorded
 * in {@code cassandra.pid} / {@code kafka.pid} (SIGTERM, SIGKILL after a grace period).
 *
 * <p>Errors are one line on stderr and a non-zero exit code.
 */
public final class InfraCli {
  static final String CLI_PID = "infra";
  static final String READY = "ready";

  private InfraCli() {}

  public static void main(String[] args) {
    try {
      if (args.length == 0) {
        throw new UsageException("usage: InfraCli up|down --home DIR [options]");
      }
      Map<String, String> opts = parse(args);
      Path home =
          Path.of(
                  Optional.ofNullable(opts.get("home"))
                      .orElseThrow(() -> new UsageException(args[0] + ": --home DIR is required")))
              .toAbsolutePath()
              .normalize();
      switch (args[0]) {
        case "up" -> up(home, opts);
        case "down" -> down(home);
        default -> throw new UsageException("unknown command " + args[0] + ": use up or down");
      }
    } catch (UsageException e) {
      System.err.println("reel infra: " + e.getMessage());
      System.exit(2);
    } catch (Throwable e) {
      System.err.println("reel infra: " + Failures.oneLine(e));
      System.exit(1);
    }
  }

  private static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new UsageException("unexpected argument " + a);
      }
      String key = a.substring(2);
      if (key.equals("ephemeral")) {
        opts.put(key, "true");
      } else if (key.contains("=")) {
        opts.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
      } else {
        if (i + 1 >= args.length) {
          throw new UsageException(a + " needs a value");
        }
        opts.put(key, args[++i]);
      }
    }
    return opts;
  }

  static InfraSettings settings(Path home, Map<String, String> opts) {
    InfraSettings d = InfraSettings.defaults(home);
    Map<String, String> o = new LinkedHashMap<>(opts);
    o.remove("home");
    InfraSettings s =
        d.withPorts(
                intOpt(o, "cassandra-port", d.cassandraPort()),
                intOpt(o, "cassandra-storage-port", d.cassandraStoragePort()),
                intOpt(o, "kafka-port", d.kafkaPort()),
                intOpt(o, "kafka-controller-port", d.kafkaControllerPort()))
            .withHeaps(
                strOpt(o, "cassandra-heap", d.cassandraHeap()),
                strOpt(o, "kafka-heap", d.kafkaHeap()))
            .withClasspathFiles(
                Path.of(strOpt(o, "cassandra-classpath", d.cassandraClasspathFile().toString())),
                Path.of(strOpt(o, "kafka-classpath", d.kafkaClasspathFile().toString())))
            .withEphemeral(Boolean.parseBoolean(strOpt(o, "ephemeral", "false")))
            .withStartTimeout(
                Duration.ofSeconds(intOpt(o, "timeout", (int) d.startTimeout().toSeconds())))
            .withEnvPrefix(strOpt(o, "env-prefix", d.envPrefix()))
            .withSchema(strOpt(o, "keyspace", null), topics(strOpt(o, "topics", "")));
    if (!o.isEmpty()) {
      throw new UsageException("unknown option --" + o.keySet().iterator().next());
    }
    return s;
  }

  private static String strOpt(Map<String, String> o, String key, String fallback) {
    String v = o.remove(key);
    return v == null ? fallback : v;
  }

  private static int intOpt(Map<String, String> o, String key, int fallback) {
    String v = o.remove(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + key + " " + v + " is not a number");
    }
  }

  static Map<String, Integer> topics(String spec) {
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String t = part.trim();
      if (t.isEmpty()) {
        continue;
      }
      int colon = t.lastIndexOf(':');
      try {
        topics.put(
            colon < 0 ? t : t.substring(0, colon),
            colon < 0 ? 1 : Integer.parseInt(t.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new UsageException("--topics " + spec + ": expected name:partitions,...");
      }
    }
    return topics;
  }

  private static void up(Path home, Map<String, String> opts) throws IOException {
    InfraSettings settings = settings(home, opts);
    Files.createDirectories(home);
    routeLogging(home.resolve("infra-cli.log"));
    Path cliPid = ServerProcess.pidFile(home, CLI_PID);
    Optional<ProcessHandle> running = ServerProcess.liveRecorded(cliPid);
    if (running.isPresent() && running.get().pid() != ProcessHandle.current().pid()) {
      throw new InfraException(
          "the infrastructure of "
              + home
              + " is already up (pid "
              + running.get().pid()
              + "): stop it first (./reel down)");
    }
    Path ready = home.resolve(READY);
    Files.deleteIfExists(ready);
    ServerProcess.writePidFile(cliPid, ProcessHandle.current());

    long t0 = System.nanoTime();
    AtomicBoolean stopping = new AtomicBoolean();
    LocalInfrastructure[] holder = new LocalInfrastructure[1];
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  deleteQuietly(ready);
                  LocalInfrastructure infra = holder[0];
                  if (infra != null) {
                    infra.close();
                  }
                  deleteQuietly(cliPid);
                },
                "reel-infra-cli-shutdown"));

    LocalInfrastructure infra = LocalInfrastructure.start(settings);
    holder[0] = infra;
    double secs = (System.nanoTime() - t0) / 1e9;
    String summary =
        String.format(
            "cassandra %s:%d (pid %d, ready in %.1f s), kafka %s (pid %d, ready in %.1f s)%s%s",
            InfraSettings.HOST,
            settings.cassandraPort(),
            infra.cassandra().handle().map(ProcessHandle::pid).orElse(-1L),
            infra.cassandra().startTime().toMillis() / 1000.0,
            settings.kafkaBootstrap(),
            infra.kafka().handle().map(ProcessHandle::pid).orElse(-1L),
            infra.kafka().startTime().toMillis() / 1000.0,
            settings.keyspace() == null ? "" : ", keyspace " + settings.keyspace(),
            settings.topics().isEmpty() ? "" : ", topics " + settings.topics().keySet());
    Files.writeString(
        ready,
        "cassandra.port="
            + settings.cassandraPort()
            + "\nkafka.bootstrap="
            + settings.kafkaBootstrap()
            + "\nkeyspace="
            + (settings.keyspace() == null ? "" : settings.keyspace())
            + "\n",
        StandardCharsets.UTF_8);
    System.out.printf("reel infra up in %.1f s: %s%n", secs, summary);
    System.out.flush();

    // Block until a signal; a server that dies on its own takes the whole infrastructure down.
    while (true) {
      ServerProcess.sleep(1000);
      if (stopping.get()) {
        continue;
      }
      for (ServerProcess server : List.of(infra.cassandra(), infra.kafka())) {
        if (server.handle().map(h -> !h.isAlive()).orElse(false) && !stopping.get()) {
          System.err.println(
              "reel infra: " + server.name() + " exited unexpectedly: see " + server.mainLog());
          System.exit(1);
        }
      }
    }
  }

  private static void down(Path home) {
    List<String> stopped = new ArrayList<>();
    if (ServerProcess.stopRecorded(home, CLI_PID, Duration.ofSeconds(75), false)) {
      stopped.add("infra");
    }
    for (String name : List.of("cassandra", "kafka")) {
      if (ServerProcess.stopRecorded(home, name, ServerProcess.STOP_GRACE, false)) {
        stopped.add(name);
      }
    }
    deleteQuietly(home.resolve(READY));
    System.out.println(
        stopped.isEmpty()
            ? "reel infra: nothing running under " + home
            : "reel infra: stopped " + String.join(", ", stopped) + " of " + home);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort
    }
  }

  /** Client libraries (driver, Kafka admin) log to a file, not to the console of ./reel. */
  private static void routeLogging(Path file) {
    try {
      if (!(org.slf4j.LoggerFactory.getILoggerFactory()
          instanceof ch.qos.logback.classic.LoggerContext ctx)) {
        return;
      }
      ctx.reset();
      var encoder = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
      encoder.setContext(ctx);
      encoder.setPattern("%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n");
      encoder.start();
      var appender =
          new ch.qos.logback.core.FileAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
      appender.setContext(ctx);
      appender.setFile(file.toString());
      appender.setAppend(true);
      appender.setEncoder(encoder);
      appender.start();
      var root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.setLevel(ch.qos.logback.classic.Level.INFO);
      root.addAppender(appender);
    } catch (Throwable ignored) {
      // logging stays as configured
    }
  }
}

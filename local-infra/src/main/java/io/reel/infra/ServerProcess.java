package io.reel.infra;

import io.reel.http.Failures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server run as a child JVM: config generated under {@code <home>/<name>}, output to files there,
 * a pid file {@code <home>/<name>.pid} (pid and start instant, so a recycled pid is never mistaken
 * for ours).
 *
 * <p>A live process recorded in the pid file is a leftover of an earlier run of the same home whose
 * parent died without stopping it: it is stopped before starting a new one.
 */
abstract class ServerProcess implements AutoCloseable {
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  protected final InfraSettings settings;
  private volatile Process process;
  private Duration startTime;

  ServerProcess(InfraSettings settings) {
    this.settings = settings;
  }

  /** Short name: directory, pid file and messages. */
  abstract String name();

  /** Ports this server binds, by label (e.g. {@code cassandra.native}) to env var suffix. */
  abstract List<PortUse> ports();

  /** Writes config files and formats storage if needed. */
  abstract void prepare() throws IOException;

  /** JVM options and main class with its arguments (everything after the classpath). */
  abstract List<String> jvmArgsAndMain() throws IOException;

  /** Classpath file of this server. */
  abstract Path classpathFile();

  /** The log file a person should read when it fails. */
  public abstract Path mainLog();

  /** True once the server serves clients; may throw or return false while starting. */
  abstract boolean probeReady() throws Exception;

  record PortUse(int port, String label, String envSuffix) {}

  final Path dir() {
    return settings.home().resolve(name());
  }

  final Path logDir() {
    return dir().resolve("logs");
  }

  final Path stdoutLog() {
    return logDir().resolve("stdout.log");
  }

  final Path pidFile() {
    return pidFile(settings.home(), name());
  }

  static Path pidFile(Path home, String name) {
    return home.resolve(name + ".pid");
  }

  /** Start time of the last successful start. */
  public final Duration startTime() {
    return startTime;
  }

  public final Optional<ProcessHandle> handle() {
    Process p = process;
    return p == null ? Optional.empty() : Optional.of(p.toHandle());
  }

  /** Fails with a one-line message when a port is taken. */
  final void checkPortsFree() {
    for (PortUse use : ports()) {
      checkPortFree(use.port(), use.label(), settings.envPrefix() + use.envSuffix());
    }
  }

  static void checkPortFree(int port, String label, String envVar) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InfraSettings.HOST, port));
    } catch (IOException e) {
      throw new InfraException(
          "port " + port + " (" + label + ") is in use: stop what holds it or set " + envVar);
    }
  }

  /** Starts the JVM and waits until it is ready; on failure stops it and throws. */
  public final synchronized void start() {
    long t0 = System.nanoTime();
    stopRecorded(settings.home(), name(), STOP_GRACE, true);
    checkPortsFree();
    try {
      Files.createDirectories(logDir());
      prepare();
      List<String> command = new ArrayList<>();
      command.add(javaExecutable());
      command.add("-Dreel.infra.home=" + settings.home());
      command.add("-cp");
      command.add(readClasspath(classpathFile()));
      command.addAll(jvmArgsAndMain());
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(dir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutLog().toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Map<String, String> env = pb.environment();
      env.remove("JAVA_TOOL_OPTIONS");
      env.remove("JDK_JAVA_OPTIONS");
      env.remove("_JAVA_OPTIONS");
      process = pb.start();
      writePidFile(pidFile(), process.toHandle());
    } catch (IOException e) {
      stop();
      throw new InfraException("cannot start " + name() + ": " + e.getMessage(), e);
    }
    awaitReady(t0);
    startTime = Duration.ofNanos(System.nanoTime() - t0);
  }

  private void awaitReady(long t0) {
    long deadline = t0 + settings.startTimeout().toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      Process p = process;
      if (p == null) {
        throw new InfraException(name() + " start was cancelled");
      }
      if (!p.isAlive()) {
        int code = p.exitValue();
        stop();
        throw new InfraException(
            name() + " exited with code " + code + " while starting: see " + mainLog());
      }
      try {
        if (probeReady()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      sleep(250);
    }
    stop();
    throw new InfraException(
        name()
            + " was not ready within "
            + settings.startTimeout().toSeconds()
            + " s"
            + (last == null ? "" : " (" + Failures.oneLine(last) + ")")
            + ": see "
            + mainLog());
  }

  /** True if something accepts TCP connections on the port. */
  static boolean acceptsConnections(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InfraSettings.HOST, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGTERM, wait, then SIGKILL; removes the pid file. Idempotent. */
  public final synchronized void stop() {
    Process p = process;
    process = null;
    if (p != null) {
      terminate(p.toHandle(), STOP_GRACE);
    }
    deletePidFileIfOurs();
  }

  private void deletePidFileIfOurs() {
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException ignored) {
      // best effort
    }
  }

  @Override
  public void close() {
    stop();
  }

  // ---- pid files and process control, shared with InfraCli down ----

  static void writePidFile(Path file, ProcessHandle handle) throws IOException {
    String start = handle.info().startInstant().map(Instant::toString).orElse("");
    Files.writeString(file, handle.pid() + "\n" + start + "\n", StandardCharsets.UTF_8);
  }

  /** The live process recorded in a pid file, if it is still the same process. */
  static Optional<ProcessHandle> liveRecorded(Path pidFile) {
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isBlank()) {
        return Optional.empty();
      }
      long pid = Long.parseLong(lines.get(0).trim());
      String recordedStart = lines.size() > 1 ? lines.get(1).trim() : "";
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              h ->
                  recordedStart.isEmpty()
                      || h.info()
                          .startInstant()
                          .map(i -> i.toString().equals(recordedStart))
                          .orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Stops the process recorded in {@code <home>/<name>.pid} if it is alive, and removes the file.
   * Returns true if a process was stopped.
   */
  static boolean stopRecorded(Path home, String name, Duration grace, boolean announce) {
    Path file = pidFile(home, name);
    Optional<ProcessHandle> live = liveRecorded(file);
    live.ifPresent(
        h -> {
          if (announce) {
            System.err.println(
                "stopping " + name + " (pid " + h.pid() + ") left running by an earlier run");
          }
          terminate(h, grace);
        });
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // best effort
    }
    return live.isPresent();
  }

  /** SIGTERM, wait up to {@code grace}, then SIGKILL and wait. */
  static void terminate(ProcessHandle handle, Duration grace) {
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    try {
      handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception timeoutOrInterrupt) {
      handle.destroyForcibly();
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // it is gone or cannot be killed; nothing more to do
      }
    }
  }

  static String javaExecutable() {
    Optional<String> current = ProcessHandle.current().info().command();
    if (current.isPresent() && Files.isExecutable(Path.of(current.get()))) {
      return current.get();
    }
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && Files.isExecutable(Path.of(javaHome, "bin", "java"))) {
      return Path.of(javaHome, "bin", "java").toString();
    }
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String readClasspath(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InfraException(
          "missing server classpath " + file + ": run ./reel infra-classpaths");
    }
    try {
      String cp = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (cp.isEmpty()) {
        throw new InfraException(
            "empty server classpath " + file + ": run ./reel infra-classpaths");
      }
      return cp;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfraException("interrupted");
    }
  }
}

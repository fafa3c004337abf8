package io.reel.transcode.pipeline;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The ffmpeg processes one node started. Child processes outlive a JVM that exits, so a node kills
 * its own when it stops, and a JVM shutdown hook kills every tracked one (SIGTERM, System.exit). A
 * node that gets SIGKILL leaves them to finish into a scratch directory the restarted job deletes.
 */
public final class ChildProcesses {

  private static final Set<Process> ALL = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> ALL.forEach(ChildProcesses::kill), "reel-kill-child-processes"));
  }

  private final Set<Process> mine = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  public Process track(Process p) {
    ALL.add(p);
    mine.add(p);
    p.onExit()
        .thenRun(
            () -> {
              ALL.remove(p);
              mine.remove(p);
            });
    return p;
  }

  /** Kills this node's processes because the node stops: their jobs are not failures. */
  public void killAll() {
    stopping = true;
    mine.forEach(ChildProcesses::kill);
  }

  public boolean stopping() {
    return stopping;
  }

  public int live() {
    return mine.size();
  }

  /** Terminates, then kills after a grace period; returns once it is gone. */
  public static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }
}

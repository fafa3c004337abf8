package io.reel.transcode.pipeline;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every ffmpeg/ffprobe this JVM started. Child processes outlive a JVM that exits, so they are
 * killed on shutdown (a hook covers SIGTERM and System.exit; a node that gets SIGKILL leaves them
 * to finish into a scratch directory that the restarted job deletes).
 */
public final class ChildProcesses {

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ChildProcesses::killAll, "reel-kill-child-processes"));
  }

  private ChildProcesses() {}

  public static Process track(Process p) {
    LIVE.add(p);
    p.onExit().thenRun(() -> LIVE.remove(p));
    return p;
  }

  /** Terminates, then kills after a grace period; waits for it to be gone. */
  public static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(
          Duration.ofSeconds(5).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  public static void killAll() {
    LIVE.forEach(ChildProcesses::kill);
  }

  public static int live() {
    return LIVE.size();
  }
}

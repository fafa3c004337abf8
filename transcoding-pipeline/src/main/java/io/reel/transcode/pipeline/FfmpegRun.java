package io.reel.transcode.pipeline;

import io.reel.domain.media.Rendition;
import io.reel.origin.keys.ContentKey;
import io.reel.transcode.ffmpeg.Encryption;
import io.reel.transcode.ffmpeg.FfmpegCommand;
import io.reel.transcode.ffmpeg.Progress;
import io.reel.transcode.ffmpeg.ProgressParser;
import io.reel.transcode.ffmpeg.SpriteSheets;
import io.reel.transcode.ffmpeg.Trickplay;
import io.reel.transcode.plan.Ladder;
import io.reel.transcode.plan.LadderPlanner;
import io.reel.transcode.plan.Probe;
import io.reel.transcode.plan.ProbeException;
import io.reel.transcode.plan.ProbeResult;
import io.reel.transcode.plan.Rung;
import io.reel.transcode.plan.SourceFormats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.dispatch.ExecutionContexts;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.StreamConverters;

/**
 * The media half of one job attempt, inside its scratch directory: probe, ladder plan, one ffmpeg
 * process whose {@code -progress} output becomes throttled progress, then the trickplay sprites. It
 * does not know the title: progress goes to a {@link ProgressSink}, which says whether to go on.
 */
final class FfmpegRun {

  static final String THUMBS_VTT = "thumbs.vtt";

  /** Gets throttled progress; completes with false once the job is no longer wanted. */
  interface ProgressSink {
    CompletionStage<Boolean> report(double percent, Long etaSeconds);
  }

  /** The probed source and the ladder planned for it. */
  record Plan(Path source, ProbeResult probe, Ladder ladder) {

    List<Rendition> renditions() {
      List<Rendition> out = new ArrayList<>();
      for (Rung r : ladder.video()) {
        out.add(
            Rendition.video(
                Integer.toString(r.id()),
                r.width(),
                r.height(),
                r.fps().value(),
                r.videoBitrateKbps(),
                "avc1"));
      }
      ladder
          .audio()
          .ifPresent(
              a -> out.add(Rendition.audio(Integer.toString(a.id()), a.bitrateKbps(), "mp4a")));
      return out;
    }
  }

  private final TranscodeJob.Context ctx;
  private final Path work;
  private final Executor blocking;
  // For the log line of a packaged job (where the pipeline spends its time).
  private volatile long startNanos;
  private volatile long endNanos;

  FfmpegRun(TranscodeJob.Context ctx, Path work, Executor blocking) {
    this.ctx = ctx;
    this.work = work;
    this.blocking = blocking;
  }

  Path outDir() {
    return work.resolve("out");
  }

  Path stderrFile() {
    return work.resolve("ffmpeg.stderr.log");
  }

  long startNanos() {
    return startNanos;
  }

  long endNanos() {
    return endNanos;
  }

  /**
   * Blocking. Bad media, a refused container or a source over budget becomes a {@link
   * JobException.Failed} with the reason.
   */
  Plan plan(Path source) {
    try {
      ProbeResult probe = new Probe(ctx.binaries(), ctx.settings().probeTimeout()).probe(source);
      ctx.settings().budget().check(probe);
      return new Plan(source, probe, LadderPlanner.plan(probe, ctx.ladder()));
    } catch (ProbeException e) {
      throw new JobException.Failed(e.getMessage(), e);
    }
  }

  private Trickplay trickplay() {
    return new Trickplay(ctx.settings().thumbnailInterval().toMillis() / 1000.0, 160, 5, 5);
  }

  /**
   * Runs ffmpeg to completion; kills it if the sink says stop, it stalls or it outruns the job's
   * wall-clock budget.
   */
  CompletionStage<Done> transcode(Plan plan, ContentKey key, ProgressSink progress) {
    Process process = start(plan, key);
    double duration = plan.probe().durationSeconds();
    double fps = plan.ladder().top().fps().value();
    Instant started = Instant.now();
    AtomicLong frames = new AtomicLong();
    Duration budget = ctx.settings().budget().wallClock(plan.probe(), ctx.settings().readRate());
    AtomicBoolean overBudget = new AtomicBoolean();
    Cancellable budgetTimer =
        ctx.system()
            .scheduler()
            .scheduleOnce(
                budget,
                () -> {
                  overBudget.set(true);
                  ChildProcesses.kill(process);
                },
                ExecutionContexts.fromExecutor(blocking));
    return StreamConverters.fromInputStream(process::getInputStream)
        .via(ProgressParser.flow())
        .idleTimeout(ctx.settings().stallTimeout())
        .map(
            p -> {
              frames.set(p.frame());
              return p;
            })
        .map(p -> percentOf(p, duration, fps))
        // Only the newest percent matters; the title gets at most one per interval.
        .conflate((older, newer) -> newer)
        .throttle(1, ctx.settings().progressInterval())
        .mapAsync(
            1,
            pct -> {
              long eta =
                  (long)
                      Math.ceil(
                          Progress.eta(pct, Duration.between(started, Instant.now())).orElse(-1));
              return progress.report(pct, eta < 0 ? null : eta);
            })
        .takeWhile(active -> active, true)
        .runWith(Sink.lastOption(), ctx.system())
        .handleAsync(
            (last, error) -> {
              budgetTimer.cancel();
              if (overBudget.get()) {
                ChildProcesses.kill(process);
                throw new JobException.Failed(
                    "over budget: ffmpeg ran longer than the "
                        + budget.toSeconds()
                        + " s this source is allowed (reel.transcode.budget)");
              }
              if (error != null) {
                ChildProcesses.kill(process);
                if (JobException.unwrap(error) instanceof TimeoutException) {
                  throw new JobException.Failed(
                      "ffmpeg made no progress for "
                          + ctx.settings().stallTimeout().toSeconds()
                          + " s");
                }
                throw new CompletionException(error);
              }
              if (last.isPresent() && !last.get()) {
                ChildProcesses.kill(process);
                throw new JobException.Cancelled("cancelled or superseded while transcoding");
              }
              int exit = waitFor(process);
              endNanos = System.nanoTime();
              return exit;
            },
            blocking)
        .thenApply(exit -> checkOutput(exit, plan, fps, frames.get()));
  }

  private Process start(Plan plan, ContentKey key) {
    FfmpegCommand command =
        new FfmpegCommand(
            plan.source(),
            outDir(),
            plan.ladder(),
            Optional.of(new Encryption(key.kidHex(), key.keyHex())),
            trickplay());
    try {
      command.createOutputDirectories();
      // Forced to the demuxer ffprobe found (an allowed one, or the probe refused the source).
      List<String> args =
          new ArrayList<>(
              command.args(SourceFormats.demuxer(plan.probe().formatName()).orElseThrow()));
      if (ctx.settings().readRate() > 0) {
        args.addAll(
            args.indexOf("-i"), List.of("-readrate", Double.toString(ctx.settings().readRate())));
      }
      ProcessBuilder pb = ctx.binaries().ffmpegCommand(args);
      pb.redirectError(stderrFile().toFile());
      startNanos = System.nanoTime();
      return ctx.processes().track(pb.start());
    } catch (IOException e) {
      throw new JobException.Failed("cannot start ffmpeg: " + e.getMessage(), e);
    }
  }

  private Done checkOutput(int exit, Plan plan, double fps, long frames) {
    if (exit != 0) {
      throw new JobException.Failed(
          "ffmpeg failed (exit " + exit + "): " + lastError(stderrFile()));
    }
    // A source cut short after its header still probes fine; ffmpeg then just stops early.
    // Refuse to publish a package much shorter than the title claims to be.
    long expected = Math.round(plan.probe().videoDurationSeconds() * fps);
    if (frames < expected * 0.8) {
      throw new JobException.Failed(
          "the source is truncated or corrupt: decoded "
              + frames
              + " of about "
              + expected
              + " frames ("
              + lastError(stderrFile())
              + ")");
    }
    return Done.getInstance();
  }

  /** Blocking: tiles the thumbnails ffmpeg wrote into sprites and writes their WebVTT. */
  void tileTrickplay(Plan plan) {
    try {
      Path out = outDir();
      double duration = plan.probe().durationSeconds();
      Trickplay tp = trickplay();
      int tileW = tp.thumbWidth();
      int tileH = tp.thumbHeight(plan.ladder().displayWidth(), plan.ladder().displayHeight());
      SpriteSheets.tile(out, tp, duration, tileW, tileH);
      Files.writeString(
          out.resolve(THUMBS_VTT),
          Trickplay.webVtt(duration, tp.intervalSeconds(), tileW, tileH, tp.columns(), tp.rows()),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double percentOf(Progress p, double duration, double fps) {
    return p.done() ? 100.0 : Math.min(99.9, p.percentByFrames(duration, fps));
  }

  private static int waitFor(Process p) {
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ChildProcesses.kill(p);
      throw new JobException.Failed("interrupted");
    }
  }

  /** The last non-blank line of ffmpeg's stderr, cut short: the operator-readable reason. */
  static String lastError(Path stderr) {
    try {
      if (!Files.isRegularFile(stderr)) {
        return "no error output";
      }
      List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String l = lines.get(i).strip();
        if (!l.isEmpty()) {
          return l.length() > 300 ? l.substring(0, 300) + "..." : l;
        }
      }
      return "no error output";
    } catch (IOException | RuntimeException e) {
      return "error output unreadable";
    }
  }
}

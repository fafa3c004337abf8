package io.reel.transcode.pipeline;

import io.reel.domain.media.JobPhase;
import io.reel.domain.media.MediaJob;
import io.reel.domain.media.MediaPackage;
import io.reel.domain.media.Rendition;
import io.reel.domain.title.Title;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleState;
import io.reel.origin.FileSystemObjectStore;
import io.reel.origin.ObjectStore;
import io.reel.origin.keys.ContentKey;
import io.reel.origin.keys.ContentKeyStore;
import io.reel.transcode.FfmpegBinaries;
import io.reel.transcode.TranscodeSettings;
import io.reel.transcode.ffmpeg.Encryption;
import io.reel.transcode.ffmpeg.FfmpegCommand;
import io.reel.transcode.ffmpeg.Progress;
import io.reel.transcode.ffmpeg.ProgressParser;
import io.reel.transcode.ffmpeg.SpriteSheets;
import io.reel.transcode.ffmpeg.Trickplay;
import io.reel.transcode.pack.Packager;
import io.reel.transcode.plan.Ladder;
import io.reel.transcode.plan.LadderPlanner;
import io.reel.transcode.plan.LadderSettings;
import io.reel.transcode.plan.Probe;
import io.reel.transcode.plan.ProbeException;
import io.reel.transcode.plan.ProbeResult;
import io.reel.transcode.plan.Rung;
import io.reel.write.title.TitleReply;
import io.reel.write.title.TitleService;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transcode job: title id + source version. Asks the title entity to start it (which tells
 * whether it is still wanted), probes the source, plans the ladder, gets the title's content key,
 * runs one ffmpeg process whose {@code -progress} output becomes throttled progress events, tiles
 * the trickplay sprites, adds the CENC signalling, publishes the package under a fresh prefix and
 * only then switches the title to it. Any failure becomes a {@code TranscodeFailed} with a reason
 * and the kept ffmpeg stderr; the scratch directory is always removed.
 */
public final class TranscodeJob {

  private static final Logger log = LoggerFactory.getLogger(TranscodeJob.class);

  /** Makes jobs; the handler asks for one per {@code SourceUploaded}. */
  public interface Factory {
    TranscodeJob create(TitleId title, int sourceVersion);
  }

  /** What every job of a node shares. */
  public record Context(
      ActorSystem<?> system,
      TitleService titles,
      ObjectStore store,
      ContentKeyStore keys,
      TranscodeSettings settings,
      FfmpegBinaries binaries,
      LadderSettings ladder,
      String worker,
      ChildProcesses processes) {

    public Factory factory() {
      return (title, version) -> new TranscodeJob(this, title, version);
    }
  }

  private final Context ctx;
  private final TitleId title;
  private final int version;
  private final Executor blocking;
  private volatile Path work;
  private volatile int attempt;
  // Phase times for the log line of a packaged job (where the pipeline spends its time).
  private final long startedNanos = System.nanoTime();
  private volatile long ffmpegStartNanos;
  private volatile long ffmpegEndNanos;

  private TranscodeJob(Context ctx, TitleId title, int version) {
    this.ctx = ctx;
    this.title = title;
    this.version = version;
    this.blocking = ctx.system().dispatchers().lookup(DispatcherSelector.blocking());
  }

  /** Completes normally whatever happened to the job; fails only if the title is unreachable. */
  public CompletionStage<Done> run() {
    return ask(new TitleCommand.StartTranscode(version, ctx.worker()))
        .thenCompose(
            state -> {
              MediaJob job = Title.mediaOf(state).activeJob(version);
              if (job == null
                  || job.phase() != JobPhase.PROBING
                  || !ctx.worker().equals(job.worker())) {
                log.info("title {} v{}: nothing to do (job ended or superseded)", title, version);
                return CompletableFuture.completedFuture(Done.getInstance());
              }
              attempt = job.attempt();
              log.info("title {} v{}: transcode attempt {} starts", title, version, attempt);
              return execute(job).handle((ok, error) -> error).thenCompose(this::finish);
            });
  }

  private CompletionStage<Done> execute(MediaJob job) {
    return CompletableFuture.supplyAsync(() -> prepare(job), blocking)
        .thenCompose(
            planned ->
                ask(new TitleCommand.RecordProbe(
                        version,
                        attempt,
                        planned.probe().durationSeconds(),
                        renditions(planned.ladder())))
                    .thenApply(this::requireActive)
                    .thenCompose(s -> ctx.keys().keyFor(title))
                    .thenCompose(key -> transcode(planned, key).thenApply(done -> key))
                    .thenApplyAsync(key -> publish(planned, key), blocking)
                    .thenCompose(this::switchTo));
  }

  private record Planned(Path source, ProbeResult probe, Ladder ladder) {}

  private Planned prepare(MediaJob job) {
    try {
      Path root = ctx.settings().workDir().toAbsolutePath();
      Files.createDirectories(root);
      // A crashed earlier attempt of this job may have left its scratch directory. Only earlier
      // ones: a newer attempt (this worker is stale) must not lose its files.
      String stem = title.asString() + "-v" + version + "-a";
      try (Stream<Path> old = Files.list(root)) {
        for (Path p : old.filter(p -> isEarlierAttempt(p, stem)).toList()) {
          FileSystemObjectStore.deleteTree(p);
        }
      }
      work = Files.createDirectories(root.resolve(stem + "a" + attempt));
      String key = job.source().objectKey();
      Path source = ctx.store().localPath(key).orElse(null);
      if (source == null) {
        if (ctx.store().stat(key).isEmpty()) {
          throw new JobException.Failed("the source file is missing from the store");
        }
        source = work.resolve("source");
        try (var in = java.nio.channels.Channels.newInputStream(ctx.store().open(key))) {
          Files.copy(in, source);
        }
      }
      ProbeResult probe = new Probe(ctx.binaries(), ctx.settings().probeTimeout()).probe(source);
      return new Planned(source, probe, LadderPlanner.plan(probe, ctx.ladder()));
    } catch (ProbeException e) {
      throw new JobException.Failed(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean isEarlierAttempt(Path dir, String stem) {
    String name = dir.getFileName().toString();
    if (!name.startsWith(stem)) {
      return false;
    }
    try {
      return Integer.parseInt(name.substring(stem.length())) < attempt;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static List<Rendition> renditions(Ladder ladder) {
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

  private Path outDir() {
    return work.resolve("out");
  }

  private Path stderrFile() {
    return work.resolve("ffmpeg.stderr.log");
  }

  private Trickplay trickplay() {
    return new Trickplay(ctx.settings().thumbnailInterval().toMillis() / 1000.0, 160, 5, 5);
  }

  /**
   * Runs ffmpeg to completion, persisting throttled progress; cancels if the job ends meanwhile.
   */
  private CompletionStage<Done> transcode(Planned planned, ContentKey key) {
    FfmpegCommand command =
        new FfmpegCommand(
            planned.source(),
            outDir(),
            planned.ladder(),
            Optional.of(new Encryption(key.kidHex(), key.keyHex())),
            trickplay());
    Process process;
    try {
      command.createOutputDirectories();
      List<String> args = new ArrayList<>(command.args());
      if (ctx.settings().readRate() > 0) {
        args.addAll(
            args.indexOf("-i"), List.of("-readrate", Double.toString(ctx.settings().readRate())));
      }
      ProcessBuilder pb = ctx.binaries().ffmpegCommand(args);
      pb.redirectError(stderrFile().toFile());
      ffmpegStartNanos = System.nanoTime();
      process = ctx.processes().track(pb.start());
    } catch (IOException e) {
      throw new JobException.Failed("cannot start ffmpeg: " + e.getMessage(), e);
    }
    double duration = planned.probe().durationSeconds();
    double fps = planned.ladder().top().fps().value();
    Instant started = Instant.now();
    java.util.concurrent.atomic.AtomicLong frames = new java.util.concurrent.atomic.AtomicLong();
    return StreamConverters.fromInputStream(process::getInputStream)
        .via(ProgressParser.flow())
        .idleTimeout(ctx.settings().stallTimeout())
        .map(
            p -> {
              frames.set(p.frame());
              return p;
            })
        .map(p -> percentOf(p, duration, fps))
        .conflate((older, newer) -> newer)
        .throttle(1, ctx.settings().progressInterval())
        .mapAsync(
            1,
            pct -> {
              long eta =
                  (long)
                      Math.ceil(
                          Progress.eta(pct, Duration.between(started, Instant.now())).orElse(-1));
              return ask(new TitleCommand.RecordProgress(
                      version, attempt, pct, eta < 0 ? null : eta))
                  .thenApply(s -> Title.mediaOf(s).activeJob(version, attempt) != null);
            })
        .takeWhile(active -> active, true)
        .runWith(Sink.lastOption(), ctx.system())
        .handleAsync(
            (last, error) -> {
              if (error != null) {
                ChildProcesses.kill(process);
                if (unwrap(error) instanceof TimeoutException) {
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
              ffmpegEndNanos = System.nanoTime();
              return exit;
            },
            blocking)
        .thenCompose(
            exit -> {
              if (exit != 0) {
                throw new JobException.Failed(
                    "ffmpeg failed (exit " + exit + "): " + lastError(stderrFile()));
              }
              // A source cut short after its header still probes fine; ffmpeg then just stops
              // early. Refuse to publish a package much shorter than the title claims to be.
              long expected = Math.round(planned.probe().videoDurationSeconds() * fps);
              if (frames.get() < expected * 0.8) {
                throw new JobException.Failed(
                    "the source is truncated or corrupt: decoded "
                        + frames.get()
                        + " of about "
                        + expected
                        + " frames ("
                        + lastError(stderrFile())
                        + ")");
              }
              return ask(new TitleCommand.RecordProgress(version, attempt, 100.0, 0L))
                  .thenApply(this::requireActive)
                  .thenApply(s -> Done.getInstance());
            });
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

  /** Tiles sprites, writes the WebVTT, adds CENC signalling, publishes under a fresh prefix. */
  private MediaPackage publish(Planned planned, ContentKey key) {
    try {
      Path out = outDir();
      double duration = planned.probe().durationSeconds();
      Trickplay tp = trickplay();
      int tileW = tp.thumbWidth();
      int tileH = tp.thumbHeight(planned.ladder().displayWidth(), planned.ladder().displayHeight());
      SpriteSheets.tile(out, tp, duration, tileW, tileH);
      Files.writeString(
          out.resolve("thumbs.vtt"),
          Trickplay.webVtt(duration, tp.intervalSeconds(), tileW, tileH, tp.columns(), tp.rows()),
          StandardCharsets.UTF_8);
      Packager.finish(out, key, ctx.settings().keyUri(), ctx.settings().licenceUrl());
      if (!Files.isRegularFile(out.resolve(FfmpegCommand.MANIFEST))
          || !Files.isRegularFile(out.resolve(FfmpegCommand.HLS_MASTER))) {
        throw new JobException.Failed("ffmpeg wrote no manifests");
      }
      String prefix = "packages/" + title.asString() + "/v" + version + "-a" + attempt;
      ctx.store().putDirectory(out, prefix);
      String mpd = Files.readString(out.resolve(FfmpegCommand.MANIFEST));
      return new MediaPackage(
          version,
          prefix,
          duration,
          withCodecs(renditions(planned.ladder()), mpd),
          key.kidHex(),
          FfmpegCommand.HLS_MASTER,
          FfmpegCommand.MANIFEST,
          FfmpegCommand.POSTER,
          "thumbs.vtt",
          Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Pattern REPRESENTATION =
      Pattern.compile("<Representation\\s[^>]*?id=\"(\\d+)\"[^>]*?codecs=\"([^\"]+)\"");

  /** The exact codec strings (e.g. avc1.64001e) as the muxer wrote them into the MPD. */
  private static List<Rendition> withCodecs(List<Rendition> planned, String mpd) {
    java.util.Map<String, String> codecs = new java.util.HashMap<>();
    Matcher m = REPRESENTATION.matcher(mpd);
    while (m.find()) {
      codecs.put(m.group(1), m.group(2));
    }
    List<Rendition> out = new ArrayList<>();
    for (Rendition r : planned) {
      out.add(
          new Rendition(
              r.id(),
              r.kind(),
              r.width(),
              r.height(),
              r.fps(),
              r.bitrateKbps(),
              codecs.getOrDefault(r.id(), r.codecs())));
    }
    return out;
  }

  private CompletionStage<Done> switchTo(MediaPackage pkg) {
    return ctx.titles()
        .ask(title, new TitleCommand.CompletePackage(pkg, attempt))
        .handle(
            (reply, error) -> {
              if (reply instanceof TitleReply.Accepted a && a.eventsPersisted() > 0) {
                long now = System.nanoTime();
                log.info(
                    "title {} v{}: packaged under {} (before ffmpeg {} ms, ffmpeg {} ms, after {} ms)",
                    title,
                    version,
                    pkg.location(),
                    (ffmpegStartNanos - startedNanos) / 1_000_000,
                    (ffmpegEndNanos - ffmpegStartNanos) / 1_000_000,
                    (now - ffmpegEndNanos) / 1_000_000);
                return Done.getInstance();
              }
              // Not switched to (cancelled, superseded, or the title did not answer): the
              // package is garbage; a retry publishes its own under its own attempt.
              deleteQuietly(pkg.location());
              if (error != null) {
                throw new CompletionException(error);
              }
              throw new JobException.Cancelled("cancelled or superseded while packaging");
            });
  }

  /**
   * Records a failure of the job itself (bad media, ffmpeg's error) with the kept stderr. Anything
   * else (the title did not answer, the store failed, the node stops) leaves the job unfinished and
   * fails {@link #run}, so the projection delivers the event again and a new attempt starts; the
   * title fails the job after {@code MAX_ATTEMPTS}. The scratch directory is always removed.
   */
  private CompletionStage<Done> finish(Throwable error) {
    Throwable e = error == null ? null : unwrap(error);
    CompletionStage<Done> recorded = CompletableFuture.completedFuture(Done.getInstance());
    if (e == null) {
      // packaged
    } else if (ctx.processes().stopping()) {
      log.info("title {} v{}: stopped with the node; it will start again", title, version);
      recorded = CompletableFuture.failedFuture(e);
    } else if (e instanceof JobException.Cancelled) {
      log.info("title {} v{}: {}", title, version, e.getMessage());
    } else if (e instanceof JobException.Failed) {
      log.warn("title {} v{}: transcode failed: {}", title, version, e.getMessage());
      String stderrKey = keepStderr();
      recorded =
          ask(new TitleCommand.FailTranscode(version, attempt, e.getMessage(), stderrKey))
              .thenApply(s -> Done.getInstance());
    } else {
      log.warn("title {} v{}: attempt {} stopped; it will be retried", title, version, attempt, e);
      recorded = CompletableFuture.failedFuture(e);
    }
    // Synchronously: when the node stops, the blocking dispatcher may already be gone.
    return recorded.whenComplete((ok, err) -> cleanup());
  }

  private String keepStderr() {
    Path file = work == null ? null : stderrFile();
    if (file == null || !Files.isRegularFile(file)) {
      return null;
    }
    String key = "logs/" + title.asString() + "/v" + version + "-a" + attempt + ".log";
    try (ObjectStore.PendingObject p = ctx.store().create(key)) {
      Files.copy(file, p.stagingFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      p.commit();
      return key;
    } catch (IOException | RuntimeException ex) {
      log.warn("title {} v{}: cannot keep ffmpeg stderr: {}", title, version, ex.toString());
      return null;
    }
  }

  private void cleanup() {
    Path w = work;
    if (w != null) {
      try {
        FileSystemObjectStore.deleteTree(w);
      } catch (IOException e) {
        log.warn("cannot remove scratch directory {}: {}", w, e.toString());
      }
    }
  }

  private TitleState requireActive(TitleState state) {
    if (Title.mediaOf(state).activeJob(version, attempt) == null) {
      throw new JobException.Cancelled("cancelled or superseded");
    }
    return state;
  }

  private CompletionStage<TitleState> ask(TitleCommand command) {
    return ctx.titles()
        .ask(title, command)
        .thenApply(
            reply -> {
              if (reply instanceof TitleReply.Accepted a) {
                return a.state();
              }
              throw new JobException.Cancelled("title refused " + command + ": " + reply);
            });
  }

  private void deleteQuietly(String prefix) {
    try {
      ctx.store().delete(prefix);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot remove unused package {}: {}", prefix, e.toString());
    }
  }

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

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException
            || c instanceof java.util.concurrent.ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}

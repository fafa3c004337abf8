package io.reel.transcode.pipeline;

import io.reel.domain.media.JobPhase;
import io.reel.domain.media.MediaJob;
import io.reel.domain.media.MediaPackage;
import io.reel.domain.title.Title;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleState;
import io.reel.origin.FileSystemObjectStore;
import io.reel.origin.ObjectStore;
import io.reel.origin.keys.ContentKey;
import io.reel.origin.keys.ContentKeyStore;
import io.reel.origin.keys.PackageKeys;
import io.reel.transcode.FfmpegBinaries;
import io.reel.transcode.TranscodeSettings;
import io.reel.transcode.pack.RenditionKeys;
import io.reel.transcode.plan.LadderSettings;
import io.reel.write.title.TitleReply;
import io.reel.write.title.TitleService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transcode job: title id + source version. Asks the title entity to start it (which tells
 * whether it is still wanted), reports each step to the title, and leaves the media work to {@link
 * FfmpegRun} and the publishing to {@link PackagePublisher}. Any failure becomes a {@code
 * TranscodeFailed} with a reason and the kept ffmpeg stderr; the scratch directory is always
 * removed.
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
  private final long startedNanos = System.nanoTime();
  private volatile Path work;
  private volatile FfmpegRun ffmpeg;
  private volatile int attempt;
  // Where the job is, for the reason of an unexpected error.
  private volatile String step = "starting";

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
    PackagePublisher publisher = new PackagePublisher(ctx, title, version, attempt);
    return CompletableFuture.supplyAsync(() -> prepare(job), blocking)
        .thenCompose(
            plan ->
                ask(new TitleCommand.RecordProbe(
                        version, attempt, plan.probe().durationSeconds(), plan.renditions()))
                    .thenApply(this::requireActive)
                    .thenCompose(s -> ctx.keys().packageKeys(title, version))
                    .thenCompose(keys -> transcode(plan, keys.lowest()).thenApply(s -> keys))
                    .thenApplyAsync(keys -> publish(plan, keys, publisher), blocking)
                    .thenCompose(
                        pkg -> {
                          step = "switching to the package";
                          return publisher.switchTo(pkg).thenApply(d -> packaged(pkg));
                        }));
  }

  /**
   * ffmpeg to completion, encrypting everything with {@code key} (the lowest tier's; the publisher
   * re-keys the taller renditions), then 100 % recorded; stops if the job ends meanwhile.
   */
  private CompletionStage<TitleState> transcode(FfmpegRun.Plan plan, ContentKey key) {
    step = "transcoding";
    return ffmpeg
        .transcode(plan, key, this::reportProgress)
        .thenCompose(done -> ask(new TitleCommand.RecordProgress(version, attempt, 100.0, 0L)))
        .thenApply(this::requireActive);
  }

  private CompletionStage<Boolean> reportProgress(double percent, Long etaSeconds) {
    return ask(new TitleCommand.RecordProgress(version, attempt, percent, etaSeconds))
        .thenApply(s -> Title.mediaOf(s).activeJob(version, attempt) != null);
  }

  /** Blocking: sprites, then the package uploaded but not yet switched to. */
  private MediaPackage publish(FfmpegRun.Plan plan, PackageKeys keys, PackagePublisher publisher) {
    step = "packaging";
    ffmpeg.tileTrickplay(plan);
    return publisher.publish(
        ffmpeg.outDir(),
        plan.probe().durationSeconds(),
        plan.renditions(),
        RenditionKeys.perTier(keys, plan.renditions()));
  }

  /** Blocking: a fresh scratch directory with the source in reach, then probe and plan. */
  private FfmpegRun.Plan prepare(MediaJob job) {
    step = "probing the source";
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
      ffmpeg = new FfmpegRun(ctx, work, blocking);
      String key = job.source().objectKey();
      Path source = ctx.store().localPath(key).orElse(null);
      if (source == null) {
        if (ctx.store().stat(key).isEmpty()) {
          throw new JobException.Failed("the source file is missing from the store");
        }
        source = work.resolve("source");
        try (var in = Channels.newInputStream(ctx.store().open(key))) {
          Files.copy(in, source);
        }
      }
      return ffmpeg.plan(source);
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

  /** Logs where the job spent its time. */
  private Done packaged(MediaPackage pkg) {
    long now = System.nanoTime();
    log.info(
        "title {} v{}: packaged under {} (before ffmpeg {} ms, ffmpeg {} ms, after {} ms)",
        title,
        version,
        pkg.location(),
        (ffmpeg.startNanos() - startedNanos) / 1_000_000,
        (ffmpeg.endNanos() - ffmpeg.startNanos()) / 1_000_000,
        (now - ffmpeg.endNanos()) / 1_000_000);
    return Done.getInstance();
  }

  /**
   * Records a failure of the job with the kept stderr: bad media, ffmpeg's error, and any
   * unexpected error inside the job (a packaging bug, a full disk) with its real reason, so the
   * projection goes on with the next upload. Only when the node stops, or the title or the key
   * store does not answer (nothing can be recorded then), is the job left unfinished and {@link
   * #run} failed: the projection delivers the event again and a new attempt starts; the title fails
   * the job after {@code MAX_ATTEMPTS}. The scratch directory is always removed.
   */
  private CompletionStage<Done> finish(Throwable error) {
    Throwable e = error == null ? null : JobException.unwrap(error);
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
    } else if (unreachable(e)) {
      log.warn(
          "title {} v{}: attempt {} stopped; it will be retried: {}",
          title,
          version,
          attempt,
          e.toString());
      recorded = CompletableFuture.failedFuture(e);
    } else {
      // A bug or an environment fault, not the node stopping: retrying would hit it again, and
      // failing the projection would stop every later upload of this tag behind it.
      log.error("title {} v{}: attempt {} failed while {}", title, version, attempt, step, e);
      String stderrKey = keepStderr();
      recorded =
          ask(new TitleCommand.FailTranscode(version, attempt, unexpected(step, e), stderrKey))
              .thenApply(s -> Done.getInstance());
    }
    // Synchronously: when the node stops, the blocking dispatcher may already be gone.
    return recorded.whenComplete((ok, err) -> cleanup());
  }

  /** The reason recorded for an unexpected error: where it happened and what it said. */
  static String unexpected(String step, Throwable e) {
    Throwable root = e;
    // UncheckedIOException and friends: the wrapped exception says what actually went wrong.
    while ((root instanceof java.io.UncheckedIOException
            || root.getClass() == RuntimeException.class)
        && root.getCause() != null) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String what =
        root.getClass().getSimpleName()
            + (message == null || message.isBlank() ? "" : ": " + message.strip());
    if (what.length() > 300) {
      what = what.substring(0, 300) + "...";
    }
    return "internal error while " + step + ": " + what;
  }

  /**
   * The title or the key store did not answer: nothing can be recorded now, so the job is left for
   * another attempt.
   */
  static boolean unreachable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof TimeoutException
          || c instanceof com.datastax.oss.driver.api.core.AllNodesFailedException
          || c instanceof com.datastax.oss.driver.api.core.DriverTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private String keepStderr() {
    FfmpegRun run = ffmpeg;
    Path file = run == null ? null : run.stderrFile();
    if (file == null || !Files.isRegularFile(file)) {
      return null;
    }
    String key = "logs/" + title.asString() + "/v" + version + "-a" + attempt + ".log";
    try (ObjectStore.PendingObject p = ctx.store().create(key)) {
      Files.copy(file, p.stagingFile(), StandardCopyOption.REPLACE_EXISTING);
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
}

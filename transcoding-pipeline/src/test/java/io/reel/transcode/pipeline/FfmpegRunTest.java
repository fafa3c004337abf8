package io.reel.transcode.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.media.MediaPackage;
import io.reel.domain.media.Rendition;
import io.reel.domain.title.TitleId;
import io.reel.origin.FileSystemObjectStore;
import io.reel.origin.keys.ContentKey;
import io.reel.transcode.FfmpegBinaries;
import io.reel.transcode.SampleClip;
import io.reel.transcode.TranscodeSettings;
import io.reel.transcode.ffmpeg.FfmpegCommand;
import io.reel.transcode.plan.LadderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The media half of a job and the upload of its package with the bundled ffmpeg, no title entity:
 * progress goes to a test sink, the store is a temporary directory.
 */
class FfmpegRunTest {

  private static final ActorTestKit kit = ActorTestKit.create();
  private static final Executor BLOCKING =
      kit.system().dispatchers().lookup(DispatcherSelector.blocking());

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static TranscodeJob.Context context(Path root) throws Exception {
    TranscodeSettings settings =
        new TranscodeSettings(
            root.resolve("store"),
            1L << 30,
            "",
            1,
            root.resolve("work"),
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            "/licence/clearkey",
            null,
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            0);
    return new TranscodeJob.Context(
        kit.system(),
        null,
        new FileSystemObjectStore(settings.storeDir()),
        null,
        settings,
        FfmpegBinaries.bundled(),
        new LadderSettings(2, List.of(180, 90), 2, 0.08, 100, 20_000, 64, 48.0, 720, 60.0),
        "test-worker",
        new ChildProcesses());
  }

  @Test
  void transcodesReportsProgressAndPublishesWithTheMuxersCodecs(@TempDir Path root)
      throws Exception {
    TranscodeJob.Context ctx = context(root);
    Path source = SampleClip.write(root.resolve("source.mp4"), 320, 180, 30, 2, true);
    FfmpegRun run = new FfmpegRun(ctx, Files.createDirectories(root.resolve("work")), BLOCKING);
    FfmpegRun.Plan plan = run.plan(source);
    ContentKey key = ContentKey.random();
    List<Double> reported = new CopyOnWriteArrayList<>();

    run.transcode(
            plan,
            key,
            (pct, eta) -> {
              reported.add(pct);
              return CompletableFuture.completedFuture(true);
            })
        .toCompletableFuture()
        .get(2, TimeUnit.MINUTES);
    run.tileTrickplay(plan);

    assertTrue(!reported.isEmpty() && reported.stream().allMatch(p -> p <= 100.0), "" + reported);
    assertTrue(Files.isRegularFile(run.outDir().resolve(FfmpegRun.THUMBS_VTT)));
    assertTrue(run.endNanos() > run.startNanos());

    PackagePublisher publisher = new PackagePublisher(ctx, new TitleId(42), 3, 1);
    MediaPackage pkg =
        publisher.publish(
            run.outDir(),
            plan.probe().durationSeconds(),
            plan.renditions(),
            io.reel.transcode.pack.RenditionKeys.single(key));
    assertEquals("packages/42/v3-a1", pkg.location());
    assertEquals(key.kidHex(), pkg.keyId());
    List<String> codecs = pkg.renditions().stream().map(Rendition::codecs).toList();
    // the planned "avc1"/"mp4a" replaced by the exact strings from the MPD
    assertTrue(codecs.stream().allMatch(c -> c.matches("(avc1|mp4a)\\..+")), codecs.toString());
    assertTrue(
        ctx.store().stat(pkg.location() + "/" + FfmpegCommand.MANIFEST).isPresent(),
        "published under the attempt's prefix");
  }

  @Test
  void stopsFfmpegWhenTheJobIsNoLongerWanted(@TempDir Path root) throws Exception {
    TranscodeJob.Context ctx = context(root);
    Path source = SampleClip.write(root.resolve("source.mp4"), 320, 180, 30, 2, false);
    FfmpegRun run = new FfmpegRun(ctx, Files.createDirectories(root.resolve("work")), BLOCKING);
    FfmpegRun.Plan plan = run.plan(source);

    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                run.transcode(
                        plan,
                        ContentKey.random(),
                        (pct, eta) -> CompletableFuture.completedFuture(false))
                    .toCompletableFuture()
                    .get(2, TimeUnit.MINUTES));
    assertInstanceOf(JobException.Cancelled.class, JobException.unwrap(e));
  }

  @Test
  void badMediaIsAFailureWithTheProbesReason(@TempDir Path root) throws Exception {
    TranscodeJob.Context ctx = context(root);
    Path junk = Files.writeString(root.resolve("junk.mp4"), "not a video");
    FfmpegRun run = new FfmpegRun(ctx, Files.createDirectories(root.resolve("work")), BLOCKING);
    assertThrows(JobException.Failed.class, () -> run.plan(junk));
  }
}

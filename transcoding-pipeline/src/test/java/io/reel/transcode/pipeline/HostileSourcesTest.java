package io.reel.transcode.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.origin.FileSystemObjectStore;
import io.reel.origin.keys.ContentKey;
import io.reel.transcode.FfmpegBinaries;
import io.reel.transcode.SampleClip;
import io.reel.transcode.TranscodeSettings;
import io.reel.transcode.ffmpeg.FfmpegCommand;
import io.reel.transcode.ffmpeg.Trickplay;
import io.reel.transcode.plan.JobBudget;
import io.reel.transcode.plan.LadderPlanner;
import io.reel.transcode.plan.LadderSettings;
import io.reel.transcode.plan.Probe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources made the way an attacker would make them, through the real ffprobe and ffmpeg: a
 * manifest, playlist or script that names a file on the transcode node, and a tiny file whose
 * header claims hours. Each is refused with a reason and never transcoded; a job over its
 * wall-clock budget is killed and failed.
 */
class HostileSourcesTest {

  private static final ActorTestKit kit = ActorTestKit.create();
  private static final Executor BLOCKING =
      kit.system().dispatchers().lookup(DispatcherSelector.blocking());
  private static final LadderSettings LADDER =
      new LadderSettings(2, List.of(180, 90), 2, 0.08, 100, 20_000, 64, 48.0, 720, 60.0);

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  private static TranscodeJob.Context context(Path root, JobBudget budget) throws Exception {
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
            0,
            budget);
    return new TranscodeJob.Context(
        kit.system(),
        null,
        new FileSystemObjectStore(settings.storeDir()),
        null,
        settings,
        FfmpegBinaries.bundled(),
        LADDER,
        "test-worker",
        new ChildProcesses());
  }

  /** The job's probe step; asserts the refusal and that no ffmpeg ran. */
  private static String refused(Path root, Path source) throws Exception {
    TranscodeJob.Context ctx = context(root, JobBudget.defaults());
    FfmpegRun run = new FfmpegRun(ctx, Files.createDirectories(root.resolve("work")), BLOCKING);
    JobException.Failed e = assertThrows(JobException.Failed.class, () -> run.plan(source));
    assertFalse(Files.exists(run.outDir()), "nothing was transcoded");
    assertEquals(0, ctx.processes().live());
    return e.getMessage();
  }

  @Test
  void aDashManifestNamingAFileOnTheNodeIsRefused(@TempDir Path root) throws Exception {
    Path secret = SampleClip.write(root.resolve("someone-elses.mp4"), 160, 90, 10, 2, false);
    Path upload = root.resolve("upload.mp4");
    Files.writeString(upload, dash(secret.toString()), StandardCharsets.UTF_8);

    String reason = refused(root, upload);
    assertTrue(reason.contains("DASH manifest, which names other files"), reason);
    assertFalse(reason.contains(secret.toString()), "no server path in the reason: " + reason);

    // ffmpeg on its own refuses it too, even when told nothing about it: the input options hold.
    Path out = root.resolve("direct");
    FfmpegCommand cmd =
        new FfmpegCommand(
            upload,
            out,
            LadderPlanner.plan(Probe.bundled().probe(secret), LADDER),
            Optional.empty(),
            new Trickplay(1, 160, 5, 5));
    cmd.createOutputDirectories();
    Process p =
        cmd.processBuilder(FfmpegBinaries.bundled())
            .redirectError(root.resolve("direct.err").toFile())
            .start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertNotEquals(0, p.exitValue());
    assertTrue(
        Files.readString(root.resolve("direct.err")).contains("Format not on whitelist"),
        Files.readString(root.resolve("direct.err")));
    assertFalse(Files.exists(out.resolve(FfmpegCommand.MANIFEST)));
  }

  @Test
  void aDashManifestHiddenBehindAPaddingCommentIsStillRefused(@TempDir Path root) throws Exception {
    // Past the upload route's 64 KiB sniff: only the probe's allow-list stands in the way.
    Path upload = root.resolve("padded");
    Files.writeString(
        upload,
        "<?xml version=\"1.0\"?>\n<!-- "
            + "x".repeat(100_000)
            + " -->\n"
            + dash("/etc/passwd").substring(dash("").indexOf("<MPD")),
        StandardCharsets.UTF_8);
    String reason = refused(root, upload);
    assertTrue(reason.startsWith("refused: "), reason);
  }

  @Test
  void anHlsPlaylistNamingLocalFilesIsRefused(@TempDir Path root) throws Exception {
    Path segment = SampleClip.write(root.resolve("seg.mp4"), 160, 90, 10, 2, false);
    // Named .m3u8 so ffmpeg's own extension check does not get in the way first.
    Path upload = root.resolve("upload.m3u8");
    Files.writeString(
        upload,
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n"
            + segment
            + "\n#EXTINF:2,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n");
    String reason = refused(root, upload);
    assertTrue(reason.contains("HLS playlist"), reason);
  }

  @Test
  void anFfconcatScriptNamingLocalFilesIsRefused(@TempDir Path root) throws Exception {
    Path clip = SampleClip.write(root.resolve("clip.mp4"), 160, 90, 10, 2, false);
    Path upload = root.resolve("upload.txt");
    Files.writeString(upload, "ffconcat version 1.0\nfile " + clip + "\nfile /etc/passwd\n");
    String reason = refused(root, upload);
    assertTrue(reason.contains("ffconcat script"), reason);
  }

  @Test
  void aStillImageIsRefused(@TempDir Path root) throws Exception {
    Path png = root.resolve("frame.png");
    ffmpeg("-f", "lavfi", "-i", "color=size=160x90:duration=1", "-frames:v", "1", png.toString());
    String reason = refused(root, png);
    assertTrue(reason.contains("still image"), reason);
  }

  @Test
  void aFileNameThatLooksLikeAProtocolIsOnlyAFileName(@TempDir Path root) throws Exception {
    Path clip = SampleClip.write(root.resolve("clip.mp4"), 160, 90, 10, 2, false);
    // Without the file: prefix ffmpeg would read this as the concat protocol over two files.
    Path tricky = root.resolve("concat:" + clip + "|" + clip);
    Files.createDirectories(tricky.getParent());
    Files.copy(clip, tricky);
    TranscodeJob.Context ctx = context(root, JobBudget.defaults());
    FfmpegRun run = new FfmpegRun(ctx, Files.createDirectories(root.resolve("work")), BLOCKING);
    assertEquals(2.0, run.plan(tricky).probe().durationSeconds(), 0.2);
  }

  @Test
  void aTinyFileClaimingTenHoursIsRefusedBeforeFfmpegStarts(@TempDir Path root) throws Exception {
    // Two frames, the second stamped at 10 h: 1.4 KB that a constant-frame-rate encode would
    // stretch into 36,000 frames per rung.
    Path claim = root.resolve("ten-hours.mkv");
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "color=size=160x90:rate=1:duration=2",
        "-vf",
        "setpts=N*36000/TB",
        "-fps_mode",
        "passthrough",
        "-c:v",
        "libx264",
        claim.toString());
    assertTrue(Files.size(claim) < 10_000, "tiny: " + Files.size(claim));
    String reason = refused(root, claim);
    assertTrue(reason.contains("over budget: the source claims to last 10:00:01"), reason);
  }

  @Test
  void aJobOverItsWallClockBudgetIsKilledAndFailed(@TempDir Path root) throws Exception {
    // A budget that allows a millisecond of work: the real clip cannot be done in time.
    JobBudget tight = new JobBudget(Duration.ofHours(5), 1e12, Duration.ZERO, 1e15);
    TranscodeJob.Context ctx = context(root, tight);
    Path source = SampleClip.write(root.resolve("source.mp4"), 320, 180, 25, 10, true);
    FfmpegRun run = new FfmpegRun(ctx, Files.createDirectories(root.resolve("work")), BLOCKING);
    FfmpegRun.Plan plan = run.plan(source);

    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                run.transcode(
                        plan,
                        ContentKey.random(),
                        (pct, eta) -> CompletableFuture.completedFuture(true))
                    .toCompletableFuture()
                    .get(2, TimeUnit.MINUTES));
    JobException.Failed failed =
        assertInstanceOf(JobException.Failed.class, JobException.unwrap(e));
    assertTrue(
        failed.getMessage().startsWith("over budget: ffmpeg ran longer"), failed.getMessage());
    // Killed and waited for before the job fails (the tracking set drops it a moment later).
    assertEquals(
        0,
        ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(),
        "the worker's ffmpeg is gone");
  }

  private static String dash(String baseUrl) {
    return "<?xml version=\"1.0\"?>\n"
        + "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\""
        + " mediaPresentationDuration=\"PT2S\""
        + " profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\">\n"
        + " <Period><AdaptationSet mimeType=\"video/mp4\">"
        + "<Representation id=\"1\" bandwidth=\"1000\" width=\"160\" height=\"90\""
        + " codecs=\"avc1.64000c\"><BaseURL>"
        + baseUrl
        + "</BaseURL></Representation></AdaptationSet></Period></MPD>\n";
  }

  private static void ffmpeg(String... args) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of("-v", "error", "-y"));
    all.addAll(List.of(args));
    Process p = FfmpegBinaries.bundled().ffmpegCommand(all).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
  }
}

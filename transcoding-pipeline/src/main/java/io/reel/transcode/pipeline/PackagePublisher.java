package io.reel.transcode.pipeline;

import io.reel.domain.media.MediaPackage;
import io.reel.domain.media.Rendition;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.transcode.ffmpeg.FfmpegCommand;
import io.reel.transcode.pack.Packager;
import io.reel.transcode.pack.RenditionKeys;
import io.reel.write.title.TitleReply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one attempt's ffmpeg output: CENC signalling and VOD manifests, an upload under a
 * prefix of its own ({@code v<version>-a<attempt>}), then the switch. Players only ever see a
 * package the title switched to, so the upload can be slow or fail halfway without harm.
 */
final class PackagePublisher {

  private static final Logger log = LoggerFactory.getLogger(PackagePublisher.class);

  private final TranscodeJob.Context ctx;
  private final TitleId title;
  private final int version;
  private final int attempt;

  PackagePublisher(TranscodeJob.Context ctx, TitleId title, int version, int attempt) {
    this.ctx = ctx;
    this.title = title;
    this.version = version;
    this.attempt = attempt;
  }

  /**
   * Blocking: finishes {@code out} into a protected package, each rendition under its key (the
   * taller tiers re-keyed from ffmpeg's lowest-tier key), and uploads it, unswitched.
   */
  MediaPackage publish(
      Path out, double durationSeconds, List<Rendition> planned, RenditionKeys keys) {
    try {
      Packager.Summary summary =
          Packager.finish(out, keys, ctx.settings().keyUri(), ctx.settings().licenceUrl());
      if (!Files.isRegularFile(out.resolve(FfmpegCommand.MANIFEST))
          || !Files.isRegularFile(out.resolve(FfmpegCommand.HLS_MASTER))) {
        throw new JobException.Failed("ffmpeg wrote no manifests");
      }
      String prefix = "packages/" + title.asString() + "/v" + version + "-a" + attempt;
      ctx.store().putDirectory(out, prefix);
      return new MediaPackage(
          version,
          prefix,
          durationSeconds,
          withCodecs(planned, summary.codecsById()),
          // the lowest tier's key id: audio and the smallest renditions (the others: PackageKeys)
          keys.encryptedWith().kidHex(),
          FfmpegCommand.HLS_MASTER,
          FfmpegCommand.MANIFEST,
          FfmpegCommand.POSTER,
          FfmpegRun.THUMBS_VTT,
          Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The planned renditions with the exact codec strings (e.g. avc1.64001e) the muxer wrote. */
  static List<Rendition> withCodecs(List<Rendition> planned, Map<String, String> codecsById) {
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
              codecsById.getOrDefault(r.id(), r.codecs())));
    }
    return out;
  }

  /**
   * The atomic switch: the title's {@code CompletePackage}. Completes normally only if the title
   * now plays {@code pkg}; otherwise the package is deleted.
   */
  CompletionStage<Done> switchTo(MediaPackage pkg) {
    return ctx.titles()
        .ask(title, new TitleCommand.CompletePackage(pkg, attempt))
        .handle(
            (reply, error) -> {
              if (reply instanceof TitleReply.Accepted a && a.eventsPersisted() > 0) {
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

  private void deleteQuietly(String prefix) {
    try {
      ctx.store().delete(prefix);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot remove unused package {}: {}", prefix, e.toString());
    }
  }
}

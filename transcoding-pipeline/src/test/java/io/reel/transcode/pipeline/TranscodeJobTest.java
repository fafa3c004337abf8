package io.reel.transcode.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.reel.domain.media.JobPhase;
import io.reel.domain.media.MediaJob;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.Title;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleEvent;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleMetadata;
import io.reel.domain.title.TitleState;
import io.reel.origin.FileSystemObjectStore;
import io.reel.origin.ObjectInfo;
import io.reel.origin.ObjectStore;
import io.reel.origin.keys.ContentKey;
import io.reel.origin.keys.ContentKeyStore;
import io.reel.transcode.FfmpegBinaries;
import io.reel.transcode.SampleClip;
import io.reel.transcode.TranscodeSettings;
import io.reel.transcode.plan.LadderSettings;
import io.reel.write.title.TitleEntity;
import io.reel.write.title.TitleReply;
import io.reel.write.title.TitleService;
import io.reel.write.title.TitleSettings;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole jobs through the transcode projection's handler against a real title entity (in-memory
 * journal, one-node cluster), the bundled ffmpeg and a store that breaks while packaging one title.
 * An unexpected error fails that job with its real reason on the first attempt; the handler still
 * completes normally, so the projection is never failed or restarted, and the next upload is
 * transcoded.
 */
class TranscodeJobTest {

  private static ActorTestKit kit;
  private static TitleService titles;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create(
            "TranscodeJobTest",
            ConfigFactory.parseString(
                    "pekko.actor.provider = cluster\n"
                        + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                        + "pekko.remote.artery.canonical.port = 0\n")
                .withFallback(PersistenceTestKitPlugin.getInstance().config())
                .withFallback(PersistenceTestKitSnapshotPlugin.config())
                .withFallback(ConfigFactory.parseResources("serialization.conf"))
                .withFallback(ConfigFactory.load()));
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TitleSettings settings = new TitleSettings(4, Duration.ofSeconds(10), Optional.empty());
    TitleEntity.init(kit.system(), settings);
    titles = new TitleService(kit.system(), settings);
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  /** A file system store whose package upload throws for one title: a packaging bug. */
  private static final class BreaksWhilePackaging implements ObjectStore {
    private final FileSystemObjectStore store;
    private final String brokenPrefix;

    BreaksWhilePackaging(FileSystemObjectStore store, TitleId broken) {
      this.store = store;
      this.brokenPrefix = "packages/" + broken.asString() + "/";
    }

    @Override
    public PendingObject create(String key) throws IOException {
      return store.create(key);
    }

    @Override
    public void putDirectory(Path dir, String prefix) throws IOException {
      if (prefix.startsWith(brokenPrefix)) {
        throw new IllegalStateException("segment index out of range: 7 of 3");
      }
      store.putDirectory(dir, prefix);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
      return store.stat(key);
    }

    @Override
    public SeekableByteChannel open(String key) throws IOException {
      return store.open(key);
    }

    @Override
    public Optional<Path> localPath(String key) {
      return store.localPath(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
      return store.list(prefix);
    }

    @Override
    public void delete(String keyOrPrefix) throws IOException {
      store.delete(keyOrPrefix);
    }
  }

  private static final class InMemoryKeys implements ContentKeyStore {
    private final Map<TitleId, ContentKey> keys = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<ContentKey> keyFor(TitleId title) {
      return CompletableFuture.completedFuture(
          keys.computeIfAbsent(title, t -> ContentKey.random()));
    }

    @Override
    public CompletionStage<Optional<ContentKey>> find(TitleId title, String kidHex) {
      return CompletableFuture.completedFuture(
          Optional.ofNullable(keys.get(title)).filter(k -> k.kidHex().equals(kidHex)));
    }

    private final Map<String, io.reel.origin.keys.PackageKeys> tiers = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<io.reel.origin.keys.PackageKeys> packageKeys(
        TitleId title, int packageVersion) {
      return CompletableFuture.completedFuture(
          tiers.computeIfAbsent(
              title.asString() + "/" + packageVersion,
              t -> {
                Map<io.reel.domain.media.ResolutionTier, ContentKey> by = new java.util.HashMap<>();
                for (io.reel.domain.media.ResolutionTier tier :
                    io.reel.domain.media.ResolutionTier.values()) {
                  by.put(tier, ContentKey.random());
                }
                return new io.reel.origin.keys.PackageKeys(by);
              }));
    }

    @Override
    public CompletionStage<java.util.List<io.reel.origin.keys.TierKey>> licenceKeys(
        TitleId title, int packageVersion) {
      throw new UnsupportedOperationException("only the licence server asks for these");
    }
  }

  private static TitleState ask(TitleId id, TitleCommand command) throws Exception {
    TitleReply reply = titles.ask(id, command).toCompletableFuture().get(30, TimeUnit.SECONDS);
    return assertInstanceOf(TitleReply.Accepted.class, reply, reply.toString()).state();
  }

  /** Creates a title, stores a source for it and returns the event the projection would get. */
  private static EventEnvelope<TitleEvent> upload(
      ObjectStore store, TitleId id, Path clip, long offset) throws Exception {
    ask(
        id,
        new TitleCommand.Create(
            new TitleMetadata("Title " + id, 2026, "x", List.of(), List.of(), MaturityRating.PG)));
    String key = "sources/" + id.asString() + "/source";
    try (ObjectStore.PendingObject p = store.create(key)) {
      Files.copy(clip, p.stagingFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      p.commit();
    }
    TitleState s = ask(id, new TitleCommand.AttachSource(key, "00", Files.size(clip), "clip.mp4"));
    MediaJob job = Title.mediaOf(s).job();
    TitleEvent event = new TitleEvent.SourceUploaded(id, job.source(), Instant.now());
    return EventEnvelope.create(
        Offset.sequence(offset), "Title|" + id.asString(), 2, event, System.currentTimeMillis());
  }

  @Test
  void aPackagingExceptionFailsThatJobWithItsReasonAndTheNextUploadStillTranscodes(
      @TempDir Path root) throws Exception {
    TitleId broken = new TitleId(8_100_001L);
    TitleId next = new TitleId(8_100_002L);
    ObjectStore store =
        new BreaksWhilePackaging(new FileSystemObjectStore(root.resolve("store")), broken);
    TranscodeJob.Context ctx =
        new TranscodeJob.Context(
            kit.system(),
            titles,
            store,
            new InMemoryKeys(),
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
                0),
            FfmpegBinaries.bundled(),
            new LadderSettings(2, List.of(180, 90), 2, 0.08, 100, 20_000, 64, 48.0, 720, 60.0),
            "test-worker",
            new ChildProcesses());
    TranscodeJobHandler handler =
        new TranscodeJobHandler(new WorkerPool(kit.system(), 1, 4), ctx.factory());
    Path clip = SampleClip.write(root.resolve("clip.mp4"), 320, 180, 25, 2, true);

    // The handler completes normally (a failed one would stop and restart the projection).
    EventEnvelope<TitleEvent> uploaded = upload(store, broken, clip, 1);
    handler.process(uploaded).toCompletableFuture().get(2, TimeUnit.MINUTES);

    MediaJob failed = Title.mediaOf(ask(broken, new TitleCommand.Get())).job();
    assertEquals(JobPhase.FAILED, failed.phase(), failed.toString());
    assertEquals(
        "internal error while packaging: IllegalStateException: segment index out of range: 7 of 3",
        failed.failure());
    assertEquals(1, failed.attempt(), "failed on the first attempt, not after three restarts");
    assertTrue(Title.mediaOf(ask(broken, new TitleCommand.Get())).current() == null);

    // The event delivered again (at-least-once) does not start another attempt.
    handler.process(uploaded).toCompletableFuture().get(2, TimeUnit.MINUTES);
    MediaJob again = Title.mediaOf(ask(broken, new TitleCommand.Get())).job();
    assertEquals(failed, again);

    // The same handler, i.e. the same projection instance, goes on with the next upload.
    handler.process(upload(store, next, clip, 2)).toCompletableFuture().get(2, TimeUnit.MINUTES);
    var packaged = Title.mediaOf(ask(next, new TitleCommand.Get()));
    assertTrue(packaged.current() != null, packaged.toString());
    assertEquals(1, packaged.current().sourceVersion());
    assertEquals(0, ctx.processes().live());
  }
}

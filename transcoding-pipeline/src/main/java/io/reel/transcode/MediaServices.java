package io.reel.transcode;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.title.TitleTags;
import io.reel.origin.ObjectStore;
import io.reel.origin.ReplicatedObjectStore;
import io.reel.origin.keys.CassandraContentKeyStore;
import io.reel.origin.keys.ContentKeyStore;
import io.reel.origin.keys.MasterKey;
import io.reel.projections.TitleProjections;
import io.reel.transcode.ingest.IngestRoutes;
import io.reel.transcode.pipeline.ChildProcesses;
import io.reel.transcode.pipeline.TranscodeJob;
import io.reel.transcode.pipeline.TranscodeJobHandler;
import io.reel.transcode.pipeline.WorkerPool;
import io.reel.transcode.plan.LadderSettings;
import io.reel.write.title.TitleService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.SourceProvider;

/**
 * The media side of a node: the origin store and content keys everywhere, the upload API on nodes
 * with the {@code write} role, and the transcode workers on nodes with the {@code transcode} role
 * (one projection instance per title tag, spread over those nodes, feeding a bounded worker pool).
 */
public final class MediaServices {

  public static final String ROLE = "transcode";
  public static final String PROJECTION = "transcode-jobs";

  private final ObjectStore store;
  private final Optional<ContentKeyStore> keys;
  private final TranscodeSettings settings;
  private final Optional<WorkerPool> pool;
  private final ActorSystem<?> system;

  private MediaServices(
      ActorSystem<?> system,
      ObjectStore store,
      Optional<ContentKeyStore> keys,
      TranscodeSettings settings,
      Optional<WorkerPool> pool) {
    this.system = system;
    this.store = store;
    this.keys = keys;
    this.settings = settings;
    this.pool = pool;
  }

  public static MediaServices init(
      ActorSystem<?> system,
      TranscodeSettings settings,
      CqlSession session,
      String keyspace,
      TitleService titles,
      TitleTags tags) {
    ObjectStore store;
    try {
      store = ReplicatedObjectStore.open(settings.storeDir(), replicaDirs(system));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the media store " + settings.storeDir(), e);
    }
    Optional<ContentKeyStore> contentKeys = Optional.empty();
    Optional<WorkerPool> pool = Optional.empty();
    if (Cluster.get(system).selfMember().hasRole(ROLE)) {
      // Only nodes that package (and later, licence servers) hold the master key.
      ContentKeyStore keys =
          new CassandraContentKeyStore(session, keyspace, MasterKey.parse(settings.masterKey()));
      contentKeys = Optional.of(keys);
      WorkerPool workers = new WorkerPool(system, settings.maxConcurrentJobs(), tags.count());
      ChildProcesses processes = new ChildProcesses();
      pool = Optional.of(workers);
      TranscodeJob.Context ctx =
          new TranscodeJob.Context(
              system,
              titles,
              store,
              keys,
              settings,
              FfmpegBinaries.bundled(),
              LadderSettings.defaults(),
              Cluster.get(system).selfMember().address().toString(),
              processes);
      TitleProjections.startPerTag(
          system,
          Optional.of(ROLE),
          tags,
          PROJECTION,
          tag -> {
            SourceProvider<Offset, EventEnvelope<io.reel.domain.title.TitleEvent>> source =
                EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag);
            // Offsets saved after each envelope: a finished job is not offered again.
            return CassandraProjection.atLeastOnce(
                    ProjectionId.of(PROJECTION, tag),
                    source,
                    () -> new TranscodeJobHandler(workers, ctx.factory()))
                .withSaveOffset(1, Duration.ofMillis(100));
          });
      // Jobs stop with the node; their events make another transcode node start them again.
      CoordinatedShutdown.get(system)
          .addTask(
              CoordinatedShutdown.PhaseServiceStop(),
              "reel-kill-ffmpeg",
              () -> {
                processes.killAll();
                return CompletableFuture.completedFuture(Done.getInstance());
              });
    }
    return new MediaServices(system, store, contentKeys, settings, pool);
  }

  /** {@code reel.media.replica-dirs}: the other regions' copies of the origin store. */
  public static List<Path> replicaDirs(ActorSystem<?> system) {
    return system.settings().config().getStringList("reel.media.replica-dirs").stream()
        .map(Path::of)
        .toList();
  }

  public Route ingestRoutes(TitleService titles, ObjectMapper mapper) {
    return new IngestRoutes(
            titles,
            store,
            mapper,
            settings.maxUploadBytes(),
            system.dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.blocking()))
        .routes();
  }

  public ObjectStore store() {
    return store;
  }

  /** Present on nodes with the transcode role. */
  public Optional<ContentKeyStore> keys() {
    return keys;
  }

  public Optional<WorkerPool> pool() {
    return pool;
  }
}

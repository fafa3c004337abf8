package io.reel.projections;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.Handler;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One projection instance per journal tag, as a sharded daemon process on the nodes with a role: an
 * instance moves to another such node when its node leaves or dies.
 */
public final class PerTag {

  private static final Logger log = LoggerFactory.getLogger(PerTag.class);

  private PerTag() {}

  public static <E> void start(
      ActorSystem<?> system,
      Optional<String> role,
      List<String> tags,
      String name,
      Function<String, Projection<EventEnvelope<E>>> perTag) {
    if (!inHomeRegion(system)) {
      // Sharded daemon processes run once per data centre: outside the home region they would
      // run every projection a second time (and publish every public event twice).
      log.info("projection {} runs in the home region {}, not here", name, homeRegion(system));
      return;
    }
    ShardedDaemonProcessSettings daemonSettings = ShardedDaemonProcessSettings.create(system);
    if (role.isPresent()) {
      daemonSettings = daemonSettings.withRole(role.get());
    }
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            name,
            tags.size(),
            i -> ProjectionBehavior.create(perTag.apply(tags.get(i))),
            daemonSettings,
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  /** The home region ({@code reel.regions.home}), where every projection and its singletons run. */
  public static String homeRegion(ActorSystem<?> system) {
    return system.settings().config().getString("reel.regions.home");
  }

  /** True on a node of the home region. */
  public static boolean inHomeRegion(ActorSystem<?> system) {
    return Cluster.get(system).selfMember().dataCenter().equals(homeRegion(system));
  }

  /** Events by tag from the Cassandra journal, offsets in Cassandra, at-least-once. */
  public static <E> Projection<EventEnvelope<E>> atLeastOnce(
      ActorSystem<?> system, String name, String tag, Supplier<Handler<EventEnvelope<E>>> handler) {
    SourceProvider<Offset, EventEnvelope<E>> source =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag);
    return CassandraProjection.atLeastOnce(ProjectionId.of(name, tag), source, handler::get);
  }
}

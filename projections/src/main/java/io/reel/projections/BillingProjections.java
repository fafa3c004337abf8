package io.reel.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import io.reel.domain.billing.SubscriptionEvent;
import io.reel.projections.billing.BillingDueHandler;
import io.reel.projections.entitlement.CassandraEntitlementRepository;
import io.reel.projections.entitlement.EntitlementProjectionHandler;
import io.reel.projections.entitlement.EntitlementRepository;
import io.reel.write.billing.BillingDueStore;
import io.reel.write.billing.SubscriptionTags;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
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

/**
 * The projections over subscription events: {@code entitlements} (read at playback) and {@code
 * billing_due} (read by the billing scheduler). One instance per tag {@code subscription-0..N-1},
 * offsets in Cassandra, at-least-once with idempotent handlers.
 */
public final class BillingProjections {

  public static final String ENTITLEMENTS = "entitlements";
  public static final String BILLING_DUE = "billing-due";

  private BillingProjections() {}

  public static void init(
      ActorSystem<?> system,
      ProjectionSettings settings,
      SubscriptionTags tags,
      CqlSession session,
      BillingDueStore dueStore) {
    EntitlementRepository entitlements =
        new CassandraEntitlementRepository(session, settings.keyspace());
    start(
        system,
        settings.role(),
        tags,
        ENTITLEMENTS,
        () -> new EntitlementProjectionHandler(entitlements));
    start(system, settings.role(), tags, BILLING_DUE, () -> new BillingDueHandler(dueStore));
  }

  private static void start(
      ActorSystem<?> system,
      Optional<String> role,
      SubscriptionTags tags,
      String name,
      Supplier<Handler<EventEnvelope<SubscriptionEvent>>> handler) {
    List<String> all = tags.all();
    ShardedDaemonProcessSettings daemonSettings = ShardedDaemonProcessSettings.create(system);
    if (role.isPresent()) {
      daemonSettings = daemonSettings.withRole(role.get());
    }
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            name,
            all.size(),
            i -> ProjectionBehavior.create(projection(system, name, all.get(i), handler)),
            daemonSettings,
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  private static Projection<EventEnvelope<SubscriptionEvent>> projection(
      ActorSystem<?> system,
      String name,
      String tag,
      Supplier<Handler<EventEnvelope<SubscriptionEvent>>> handler) {
    SourceProvider<Offset, EventEnvelope<SubscriptionEvent>> source =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag);
    return CassandraProjection.atLeastOnce(ProjectionId.of(name, tag), source, handler::get);
  }
}

package io.reel.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import io.reel.domain.billing.BillingDueStore;
import io.reel.domain.billing.SubscriptionEvent;
import io.reel.domain.billing.SubscriptionTags;
import io.reel.projections.billing.BillingDueHandler;
import io.reel.projections.entitlement.CassandraEntitlementRepository;
import io.reel.projections.entitlement.EntitlementProjectionHandler;
import io.reel.projections.entitlement.EntitlementRepository;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

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
    PerTag.<SubscriptionEvent>start(
        system, role, tags.all(), name, tag -> PerTag.atLeastOnce(system, name, tag, handler));
  }
}

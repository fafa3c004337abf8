package io.reel.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.projections.billing.CassandraBillingDueStore;
import io.reel.projections.kafka.KafkaTopics;
import io.reel.projections.recommend.InteractionScan;
import io.reel.projections.recommend.ModelPublisher;
import io.reel.projections.recommend.RecommendationTrainer;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The projections of a node with the {@code projection} role: the catalog read model and public
 * title events, public playback events, entitlements, the billing-due schedule, the profile limits
 * and each profile's own rows. Each runs once per journal tag across the cluster (sharded daemon
 * processes), offsets in Cassandra.
 */
public final class Projections {

  private Projections() {}

  public static void init(
      ActorSystem<?> system, ProjectionSettings settings, CqlSession session, ObjectMapper mapper) {
    KafkaTopics.ensure(
        settings.kafkaBootstrapServers(),
        Map.of(
            settings.titleEventsTopic(), settings.kafkaPartitions(),
            settings.playbackEventsTopic(), settings.kafkaPartitions()));
    TitleProjections.init(system, settings, settings.titleTags(), session, mapper);
    PlaybackProjections.init(
        system, settings, settings.playbackTags(), settings.playbackEventsTopic(), mapper);
    AccountProjections.init(system, settings, session);
    PersonalProjections.init(system, settings, session);
    RecommendationTrainer.Settings recommend =
        RecommendationTrainer.Settings.fromConfig(system.settings().config());
    RecommendationTrainer.init(
        system,
        settings.role(),
        recommend,
        new InteractionScan(session, settings.keyspace()),
        new ModelPublisher(session, settings.keyspace(), recommend.chunkBytes()),
        java.time.Clock.systemUTC());
    BillingProjections.init(
        system,
        settings,
        settings.subscriptionTags(),
        session,
        new CassandraBillingDueStore(
            session, settings.keyspace(), settings.billingDueLookbackDays()));
  }
}

package io.reel.projections;

import com.typesafe.config.Config;
import io.reel.domain.account.AccountTags;
import io.reel.domain.billing.SubscriptionTags;
import io.reel.domain.personal.PersonalTags;
import io.reel.domain.playback.PlaybackTags;
import io.reel.domain.title.TitleTags;
import java.util.Optional;

/**
 * {@code reel.projections}, the shared Cassandra/Kafka names and the journal tags each projection
 * reads, read once. The tag counts are the write side's ({@code
 * reel.titles/billing/playback/accounts/personal .tag-count}): a contract on the journal, read by
 * name, not through write-side classes.
 */
public record ProjectionSettings(
    String keyspace,
    String kafkaBootstrapServers,
    String titleEventsTopic,
    String playbackEventsTopic,
    int kafkaPartitions,
    Optional<String> role,
    TitleTags titleTags,
    SubscriptionTags subscriptionTags,
    PlaybackTags playbackTags,
    AccountTags accountTags,
    PersonalTags personalTags,
    int billingDueLookbackDays) {

  public static ProjectionSettings fromConfig(Config root) {
    Config c = root.getConfig("reel.projections");
    String role = c.getString("role");
    return new ProjectionSettings(
        root.getString("reel.cassandra.keyspace"),
        root.getString("reel.kafka.bootstrap-servers"),
        root.getString("reel.kafka.topics.title-events"),
        root.getString("reel.kafka.topics.playback-events"),
        root.getInt("reel.kafka.partitions"),
        role.isBlank() ? Optional.empty() : Optional.of(role),
        new TitleTags(root.getInt("reel.titles.tag-count")),
        new SubscriptionTags(root.getInt("reel.billing.tag-count")),
        new PlaybackTags(root.getInt("reel.playback.tag-count")),
        new AccountTags(root.getInt("reel.accounts.tag-count")),
        new PersonalTags(root.getInt("reel.personal.tag-count")),
        root.getInt("reel.billing.scheduler.due-lookback-days"));
  }
}

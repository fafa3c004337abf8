package io.reel.projections;

import com.typesafe.config.Config;
import java.util.Optional;

/** {@code reel.projections} and the shared Cassandra/Kafka names, read once. */
public record ProjectionSettings(
    String keyspace, String kafkaBootstrapServers, String titleEventsTopic, Optional<String> role) {

  public static ProjectionSettings fromConfig(Config root) {
    Config c = root.getConfig("reel.projections");
    String role = c.getString("role");
    return new ProjectionSettings(
        root.getString("reel.cassandra.keyspace"),
        root.getString("reel.kafka.bootstrap-servers"),
        root.getString("reel.kafka.topics.title-events"),
        role.isBlank() ? Optional.empty() : Optional.of(role));
  }
}

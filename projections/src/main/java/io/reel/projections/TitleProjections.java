package io.reel.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.title.TitleEvent;
import io.reel.domain.title.TitleTags;
import io.reel.projections.catalog.CassandraCatalogRepository;
import io.reel.projections.catalog.CatalogProjectionHandler;
import io.reel.projections.catalog.CatalogRepository;
import io.reel.projections.kafka.TitleEventsToKafkaHandler;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.SendProducer;
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
 * The projections over title events: the catalog read model and the public Kafka topic. Each runs
 * one instance per tag, spread over the cluster's nodes with the projection role by a sharded
 * daemon process; offsets live in Cassandra.
 */
public final class TitleProjections {

  public static final String CATALOG = "catalog";
  public static final String KAFKA = "title-events-kafka";

  private TitleProjections() {}

  public static void init(
      ActorSystem<?> system,
      ProjectionSettings settings,
      TitleTags tags,
      CqlSession session,
      ObjectMapper mapper) {
    CatalogRepository repository = new CassandraCatalogRepository(session, settings.keyspace());
    start(system, settings, tags, CATALOG, () -> new CatalogProjectionHandler(repository));

    ProducerSettings<String, byte[]> producerSettings =
        ProducerSettings.create(
                system.classicSystem().settings().config().getConfig("pekko.kafka.producer"),
                new StringSerializer(),
                new ByteArraySerializer())
            .withBootstrapServers(settings.kafkaBootstrapServers())
            .withProperty("enable.idempotence", "true")
            .withProperty("acks", "all");
    SendProducer<String, byte[]> producer = new SendProducer<>(producerSettings, system);
    system.getWhenTerminated().thenRun(producer::close);
    start(
        system,
        settings,
        tags,
        KAFKA,
        () -> new TitleEventsToKafkaHandler(producer, settings.titleEventsTopic(), mapper));
  }

  private static void start(
      ActorSystem<?> system,
      ProjectionSettings settings,
      TitleTags tags,
      String name,
      Supplier<Handler<EventEnvelope<TitleEvent>>> handler) {
    startPerTag(system, settings.role(), tags, name, tag -> projection(system, name, tag, handler));
  }

  /**
   * Runs one projection instance per tag on the nodes with {@code role}, moved to another such node
   * when one leaves or dies.
   */
  public static void startPerTag(
      ActorSystem<?> system,
      Optional<String> role,
      TitleTags tags,
      String name,
      Function<String, Projection<EventEnvelope<TitleEvent>>> perTag) {
    List<String> all = tags.all();
    ShardedDaemonProcessSettings daemonSettings = ShardedDaemonProcessSettings.create(system);
    if (role.isPresent()) {
      daemonSettings = daemonSettings.withRole(role.get());
    }
    Function<Integer, Projection<EventEnvelope<TitleEvent>>> projection =
        i -> perTag.apply(all.get(i));
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            name,
            all.size(),
            i -> ProjectionBehavior.create(projection.apply(i)),
            daemonSettings,
            Optional.of(ProjectionBehavior.stopMessage()));
  }

  public static Projection<EventEnvelope<TitleEvent>> projection(
      ActorSystem<?> system,
      String name,
      String tag,
      Supplier<Handler<EventEnvelope<TitleEvent>>> handler) {
    SourceProvider<Offset, EventEnvelope<TitleEvent>> source =
        EventSourcedProvider.eventsByTag(system, CassandraReadJournal.Identifier(), tag);
    return CassandraProjection.atLeastOnce(ProjectionId.of(name, tag), source, handler::get);
  }
}

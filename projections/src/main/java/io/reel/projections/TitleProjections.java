package io.reel.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.title.TitleEvent;
import io.reel.domain.title.TitleTags;
import io.reel.projections.catalog.CassandraCatalogRepository;
import io.reel.projections.catalog.CatalogProjectionHandler;
import io.reel.projections.catalog.CatalogRepository;
import io.reel.projections.kafka.PublicEventsToKafkaHandler;
import io.reel.projections.kafka.PublicTitleEvent;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.kafka.javadsl.SendProducer;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

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

    SendProducer<String, byte[]> producer = producer(system, settings);
    start(
        system,
        settings,
        tags,
        KAFKA,
        // Keyed by title id: one title's events stay in order in one partition.
        () ->
            new PublicEventsToKafkaHandler<TitleEvent>(
                producer,
                settings.titleEventsTopic(),
                mapper,
                (event, seqNr) ->
                    PublicTitleEvent.of(event, seqNr)
                        .map(
                            p ->
                                new PublicEventsToKafkaHandler.Keyed(
                                    event.titleId().asString(), p))));
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
    PerTag.start(system, role, tags.all(), name, perTag);
  }

  public static Projection<EventEnvelope<TitleEvent>> projection(
      ActorSystem<?> system,
      String name,
      String tag,
      Supplier<Handler<EventEnvelope<TitleEvent>>> handler) {
    return PerTag.atLeastOnce(system, name, tag, handler);
  }

  /** An idempotent producer (acks=all) that closes with the actor system. */
  public static SendProducer<String, byte[]> producer(
      ActorSystem<?> system, ProjectionSettings settings) {
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
    return producer;
  }
}

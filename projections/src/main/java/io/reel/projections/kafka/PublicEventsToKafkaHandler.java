package io.reel.projections.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.kafka.javadsl.SendProducer;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Publishes journal events to a Kafka topic under their public schema: {@code toPublic} maps an
 * event and its sequence number to the record's key and JSON value, or to nothing for internal-only
 * events. At-least-once: a replay publishes again with the same {@code eventId} inside the value,
 * which consumers use to de-duplicate.
 */
public final class PublicEventsToKafkaHandler<E> extends Handler<EventEnvelope<E>> {

  /** A public event and the key that keeps its stream in order in one partition. */
  public record Keyed(String key, Object value) {}

  private final SendProducer<String, byte[]> producer;
  private final String topic;
  private final ObjectMapper mapper;
  private final BiFunction<E, Long, Optional<Keyed>> toPublic;

  public PublicEventsToKafkaHandler(
      SendProducer<String, byte[]> producer,
      String topic,
      ObjectMapper mapper,
      BiFunction<E, Long, Optional<Keyed>> toPublic) {
    this.producer = producer;
    this.topic = topic;
    this.mapper = mapper;
    this.toPublic = toPublic;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<E> envelope) throws Exception {
    Optional<Keyed> published = toPublic.apply(envelope.event(), envelope.sequenceNr());
    if (published.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    byte[] value = mapper.writeValueAsBytes(published.get().value());
    return producer
        .send(new ProducerRecord<>(topic, published.get().key(), value))
        .thenApply(meta -> Done.getInstance());
  }
}

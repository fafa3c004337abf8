package io.reel.projections.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.title.TitleEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.kafka.javadsl.SendProducer;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Publishes each title event to Kafka under the public schema, keyed by title id so one title's
 * events stay in order in one partition. At-least-once: a replay publishes again with the same
 * {@code eventId}, which consumers use to de-duplicate.
 */
public final class TitleEventsToKafkaHandler extends Handler<EventEnvelope<TitleEvent>> {

  private final SendProducer<String, byte[]> producer;
  private final String topic;
  private final ObjectMapper mapper;

  public TitleEventsToKafkaHandler(
      SendProducer<String, byte[]> producer, String topic, ObjectMapper mapper) {
    this.producer = producer;
    this.topic = topic;
    this.mapper = mapper;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<TitleEvent> envelope) throws Exception {
    TitleEvent event = envelope.event();
    var published = PublicTitleEvent.of(event, envelope.sequenceNr());
    if (published.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    byte[] value = mapper.writeValueAsBytes(published.get());
    return producer
        .send(new ProducerRecord<>(topic, event.titleId().asString(), value))
        .thenApply(meta -> Done.getInstance());
  }
}

package io.reel.projections.playback;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.playback.PlaybackEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.Done;
import org.apache.pekko.kafka.javadsl.SendProducer;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Publishes playback sessions and QoE reports under the public schema, keyed by session id so one
 * session's events stay in order. At-least-once: a replay repeats {@code eventId}.
 */
public final class PlaybackEventsToKafkaHandler extends Handler<EventEnvelope<PlaybackEvent>> {

  private final SendProducer<String, byte[]> producer;
  private final String topic;
  private final ObjectMapper mapper;

  public PlaybackEventsToKafkaHandler(
      SendProducer<String, byte[]> producer, String topic, ObjectMapper mapper) {
    this.producer = producer;
    this.topic = topic;
    this.mapper = mapper;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<PlaybackEvent> envelope) throws Exception {
    var published = PublicPlaybackEvent.of(envelope.event(), envelope.sequenceNr());
    if (published.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return producer
        .send(
            new ProducerRecord<>(
                topic, published.get().sessionId(), mapper.writeValueAsBytes(published.get())))
        .thenApply(meta -> Done.getInstance());
  }
}

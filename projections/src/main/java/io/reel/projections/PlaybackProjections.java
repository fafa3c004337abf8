package io.reel.projections;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.playback.PlaybackEvent;
import io.reel.domain.playback.PlaybackTags;
import io.reel.projections.kafka.PublicEventsToKafkaHandler;
import io.reel.projections.playback.PublicPlaybackEvent;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.kafka.javadsl.SendProducer;

/** Playback events to the public Kafka topic, one instance per tag {@code playback-0..N-1}. */
public final class PlaybackProjections {

  public static final String KAFKA = "playback-events-kafka";

  private PlaybackProjections() {}

  public static void init(
      ActorSystem<?> system,
      ProjectionSettings settings,
      PlaybackTags tags,
      String topic,
      ObjectMapper mapper) {
    SendProducer<String, byte[]> producer = TitleProjections.producer(system, settings);
    PerTag.<PlaybackEvent>start(
        system,
        settings.role(),
        tags.all(),
        KAFKA,
        tag ->
            PerTag.atLeastOnce(
                system,
                KAFKA,
                tag,
                // Keyed by session id: one session's events stay in order in one partition.
                () ->
                    new PublicEventsToKafkaHandler<PlaybackEvent>(
                        producer,
                        topic,
                        mapper,
                        (event, seqNr) ->
                            PublicPlaybackEvent.of(event, seqNr)
                                .map(
                                    p -> new PublicEventsToKafkaHandler.Keyed(p.sessionId(), p)))));
  }
}

package io.reel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads public events from a test topic the way a downstream consumer would. */
public final class KafkaEvents {

  private KafkaEvents() {}

  /**
   * The first {@code count} distinct events (by {@code eventId}) with record key {@code key}, read
   * from the start of {@code topic} for up to 60 s; fewer if they do not come.
   */
  public static List<JsonNode> consume(String topic, String key, int count) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<JsonNode> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          JsonNode event = Http.JSON.readTree(r.value());
          // At-least-once: consumers de-duplicate on eventId, and so does this one.
          if (key.equals(r.key())
              && out.stream().noneMatch(e -> e.get("eventId").equals(event.get("eventId")))) {
            out.add(event);
          }
        }
      }
    }
    return out;
  }
}

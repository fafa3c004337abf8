package io.reel.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reel.projections.kafka.KafkaTopics;
import io.reel.testing.TestInfra;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

  private static Map<String, TopicDescription> describe(String... topics) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
    try (Admin admin = Admin.create(p)) {
      return admin
          .describeTopics(java.util.List.of(topics))
          .allTopicNames()
          .get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void createsTopicsWithTheirPartitions() throws Exception {
    String a = TestInfra.freshTopic("topics-a");
    String b = TestInfra.freshTopic("topics-b");
    Map<String, Integer> wanted = new LinkedHashMap<>();
    wanted.put(a, 3);
    wanted.put(b, 1);

    KafkaTopics.ensure(TestInfra.kafkaBootstrap(), wanted);

    Map<String, TopicDescription> d = describe(a, b);
    assertEquals(3, d.get(a).partitions().size());
    assertEquals(1, d.get(b).partitions().size());
  }

  @Test
  void existingTopicsAreLeftAsTheyAre() throws Exception {
    String t = TestInfra.freshTopic("topics-existing", 2);

    // Again, and with a different partition count: no error, nothing changed.
    KafkaTopics.ensure(TestInfra.kafkaBootstrap(), Map.of(t, 2));
    KafkaTopics.ensure(TestInfra.kafkaBootstrap(), Map.of(t, 5));

    assertEquals(2, describe(t).get(t).partitions().size());
  }
}

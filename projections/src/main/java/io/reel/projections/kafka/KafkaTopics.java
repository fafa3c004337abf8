package io.reel.projections.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Kafka topics up front (rather than relying on broker auto-creation). */
public final class KafkaTopics {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private KafkaTopics() {}

  /**
   * Creates the missing topics (name to partition count, replication factor 1) and waits until
   * every partition of each has a leader. Existing topics are left as they are.
   */
  public static void ensure(String bootstrap, Map<String, Integer> topicPartitions) {
    ensure(bootstrap, topicPartitions, (short) 1);
  }

  public static void ensure(
      String bootstrap, Map<String, Integer> topicPartitions, short replicationFactor) {
    if (topicPartitions.isEmpty()) {
      return;
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      topicPartitions.forEach(
          (name, partitions) -> {
            if (!existing.contains(name)) {
              missing.add(new NewTopic(name, partitions, replicationFactor));
            }
          });
      if (!missing.isEmpty()) {
        for (var entry : admin.createTopics(missing).values().entrySet()) {
          try {
            entry.getValue().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e;
            }
          }
        }
      }
      awaitLeaders(admin, topicPartitions.keySet());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating Kafka topics");
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot create Kafka topics "
              + topicPartitions.keySet()
              + " on "
              + bootstrap
              + ": "
              + oneLine(cause),
          cause);
    }
  }

  private static void awaitLeaders(Admin admin, Set<String> topics) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> descriptions =
            admin.describeTopics(topics).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        boolean allLed =
            descriptions.values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (allLed) {
          return;
        }
      } catch (ExecutionException e) {
        // UnknownTopicOrPartition right after creation: metadata not propagated yet
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics " + topics + " have partitions without a leader");
      }
      Thread.sleep(100);
    }
  }

  private static String oneLine(Throwable t) {
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl);
  }
}

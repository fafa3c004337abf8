package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.reel.node.ClusterTls;
import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import io.reel.write.title.TitleEntity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two regions on one journal, as Pekko data centres: eu-west (the home region) and us-east, one
 * node each with the same roles. Single-writer state and every projection run in the home region
 * only: the us-east node reaches the entities through sharding proxies and runs no projection and
 * no singleton of its own, so nothing runs twice; what it writes lands in eu-west, and it reads the
 * read models the eu-west projections keep.
 */
class RegionsTest {

  private static final String HOME = "eu-west";
  private static TestNode eu;
  private static TestNode us;

  @BeforeAll
  static void start() {
    String keyspace = TestInfra.freshKeyspace(RegionsTest.class);
    String topic = TestInfra.freshTopic("title-events");
    List<String> roles = List.of("write", "read", "projection");
    eu = TestNode.start(keyspace, topic, roles, Optional.empty(), region("eu-west"));
    us = TestNode.start(keyspace, topic, roles, Optional.of(eu.address()), region("us-east"));
    eu.awaitMembersUp(2);
  }

  private static Map<String, Object> region(String dc) {
    return Map.of(
        "pekko.cluster.multi-data-center.self-data-center",
        dc,
        "reel.regions.home",
        HOME,
        // The nodes talk over TLS with certificates of the test's own cluster CA.
        "reel.cluster.tls.enabled",
        true);
  }

  @AfterAll
  static void stop() {
    if (us != null) {
      us.close();
    }
    if (eu != null) {
      eu.close();
    }
  }

  @Test
  void singleWriterStateAndProjectionsRunOnlyInTheHomeRegion() throws Exception {
    assertEquals("us-east", Cluster.get(us.system()).selfMember().dataCenter());

    // Written through the us-east node: the title entity lives in eu-west.
    Http.Response created =
        Http.post(
            us.baseUrl() + "/admin/titles",
            "{\"title\":\"Two Harbours\",\"year\":2001,\"genres\":[\"Drama\"],"
                + "\"maturityRating\":\"PG\"}");
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("id").asText();
    assertEquals(200, Http.post(us.baseUrl() + "/admin/titles/" + id + "/publish", "").status());

    Set<String> euShards = titleShards(eu.system());
    Set<String> usShards = titleShards(us.system());
    assertFalse(euShards.isEmpty(), "eu-west hosts title shards");
    assertTrue(usShards.isEmpty(), "us-east hosts none (a proxy): " + usShards);

    // The projections ran in eu-west (the read model has the title) and are readable in us-east.
    Eventually.assertThat(
        () -> {
          Http.Response r = Http.get(us.baseUrl() + "/catalog/titles/" + id);
          assertEquals(200, r.status(), r.body());
          assertEquals("Two Harbours", r.json().get("title").asText());
        });

    // No projection (sharded daemon process) started in us-east; all of them in eu-west.
    Set<String> euDaemons = daemons(eu.system());
    Set<String> usDaemons = daemons(us.system());
    assertTrue(euDaemons.size() >= 5, "eu-west runs the projections: " + euDaemons);
    assertTrue(usDaemons.isEmpty(), "us-east runs no projection: " + usDaemons);

    // Singletons (billing, the recommendation trainer): managers in eu-west only.
    for (String singleton : List.of("billing-scheduler", "recommendation-trainer")) {
      assertTrue(hasSingletonManager(eu.system(), singleton), singleton + " managed in eu-west");
      assertFalse(hasSingletonManager(us.system(), singleton), singleton + " not in us-east");
    }
  }

  /**
   * Something that reaches the remoting port but has no certificate of the cluster's CA cannot
   * join: neither a plain TCP node nor a TLS node with a CA of its own. The cluster keeps its two
   * members and the outsider never becomes Up.
   */
  @Test
  void anOutsiderWithoutTheClustersCertificateCannotJoin() throws Exception {
    assertEquals(
        "tls-tcp", eu.system().settings().config().getString("pekko.remote.artery.transport"));
    Config plain = outsider(false, Path.of("target/cluster-tls/none"));
    Config otherCa = outsider(true, Path.of("target/cluster-tls/outsider-" + UUID.randomUUID()));
    for (Config config : List.of(plain, otherCa)) {
      ActorSystem<Void> outsider = ActorSystem.create(Behaviors.empty(), "reel", config);
      try {
        Cluster.get(outsider);
        Thread.sleep(8_000);
        assertFalse(
            Cluster.get(outsider).selfMember().status() == MemberStatus.up(),
            "the outsider is not a member");
        int members = 0;
        for (var m : Cluster.get(eu.system()).state().getMembers()) {
          members++;
          assertFalse(
              m.address().equals(Cluster.get(outsider).selfMember().address()),
              "the outsider is not listed: " + m);
        }
        assertEquals(2, members, "still two members");
      } finally {
        outsider.terminate();
        outsider.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** A bare cluster node that tries to join the eu-west seed, with or without TLS. */
  private static Config outsider(boolean tls, Path caDir) {
    Config base =
        ConfigFactory.parseMap(
                Map.of(
                    "pekko.actor.provider",
                    "cluster",
                    "pekko.remote.artery.canonical.hostname",
                    "127.0.0.1",
                    "pekko.remote.artery.canonical.port",
                    0,
                    "pekko.cluster.seed-nodes",
                    List.of(eu.address()),
                    "pekko.cluster.jmx.multi-mbeans-in-same-jvm",
                    "on",
                    "reel.cluster.tls.enabled",
                    tls,
                    "reel.cluster.tls.dir",
                    caDir.toString()))
            .withFallback(ConfigFactory.load());
    return ClusterTls.apply(base);
  }

  private static Set<String> titleShards(ActorSystem<?> system) throws Exception {
    ShardRegion.CurrentShardRegionState state =
        AskPattern
            .<org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
                ShardRegion.CurrentShardRegionState>
                ask(
                    ClusterSharding.get(system).shardState(),
                    replyTo -> new GetShardRegionState(TitleEntity.ENTITY_KEY, replyTo),
                    Duration.ofSeconds(10),
                    system.scheduler())
            .toCompletableFuture()
            .get();
    return state.getShards().stream()
        .map(ShardRegion.ShardState::shardId)
        .collect(Collectors.toSet());
  }

  private static Set<String> daemons(ActorSystem<?> system) {
    return org.apache.pekko.cluster.sharding.ClusterSharding.get(Adapter.toClassic(system))
        .getShardTypeNames()
        .stream()
        .filter(n -> n.startsWith("sharded-daemon-process-"))
        .collect(Collectors.toSet());
  }

  private static boolean hasSingletonManager(ActorSystem<?> system, String name) {
    try {
      Adapter.toClassic(system)
          .actorSelection("/system/singletonManager" + name)
          .resolveOne(Duration.ofSeconds(3))
          .toCompletableFuture()
          .get();
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}

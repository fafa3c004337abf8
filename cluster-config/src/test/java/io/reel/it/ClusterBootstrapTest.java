package io.reel.it;

import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes with no seed nodes form one cluster through cluster bootstrap, as they would on
 * Kubernetes ({@code deploy/kubernetes/}). Discovery here is the {@code config} method listing both
 * management endpoints, standing in for the Kubernetes API; the rest (contact-point probing, the
 * two-node quorum before a new cluster forms, joining) is the same code path.
 */
class ClusterBootstrapTest {

  private static TestNode a;
  private static TestNode b;

  @BeforeAll
  static void start() throws Exception {
    String keyspace = TestInfra.freshKeyspace(ClusterBootstrapTest.class);
    String topic = TestInfra.freshTopic("title-events");
    int portA = freePort();
    int portB = freePort();
    List<Map<String, Object>> endpoints =
        List.of(
            Map.of("host", "127.0.0.1", "port", portA), Map.of("host", "127.0.0.1", "port", portB));
    Map<String, Object> common =
        Map.of(
            "reel.cluster.bootstrap.enabled",
            true,
            "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method",
            "config",
            "pekko.management.cluster.bootstrap.contact-point-discovery.service-name",
            "reel",
            "pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr",
            2,
            "pekko.management.cluster.bootstrap.contact-point-discovery.stable-margin",
            "1s",
            // Both on one host, on different management ports (pods differ by IP, not port).
            "pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port",
            false,
            "pekko.discovery.config.services.reel.endpoints",
            endpoints);
    a = TestNode.start(keyspace, topic, List.of("write"), Optional.empty(), with(common, portA));
    b = TestNode.start(keyspace, topic, List.of("write"), Optional.empty(), with(common, portB));
  }

  private static Map<String, Object> with(Map<String, Object> common, int managementPort) {
    var m = new java.util.HashMap<>(common);
    m.put("pekko.management.http.port", managementPort);
    return m;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  @Test
  void twoNodesWithoutSeedsFindEachOtherAndFormOneCluster() {
    a.awaitMembersUp(2);
    b.awaitMembersUp(2);
  }
}

package io.reel.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code ./reel cluster} arguments and the ports each node gets. */
class LocalClusterTest {

  @Test
  void regionsAsGivenInOrderWithTheDefaultWhenNone() {
    assertEquals(
        List.of(Map.entry("eu-west", 2), Map.entry("us-east", 1)),
        List.copyOf(LocalCluster.regions(List.of()).entrySet()));
    assertEquals(
        List.of(Map.entry("ap-south", 3), Map.entry("eu-west", 1)),
        List.copyOf(
            LocalCluster.regions(List.of("--region", "ap-south=3", "--region", "eu-west"))
                .entrySet()));
    // Named twice: the counts add up.
    assertEquals(
        Map.of("eu-west", 3),
        LocalCluster.regions(List.of("--region", "eu-west=1", "--region", "eu-west=2")));
  }

  @Test
  void refusesBadRegionsAndCounts() {
    for (String bad :
        List.of("EU=1", "eu west=1", "eu-west=0", "eu-west=10", "eu-west=two", "-x=1")) {
      assertThrows(
          IllegalArgumentException.class,
          () -> LocalCluster.regions(List.of("--region", bad)),
          bad);
    }
  }

  @Test
  void eachNodeHasItsOwnBlockOfPorts() {
    var first = new LocalCluster.NodeInfo("eu-west-1", "eu-west", 0, 1, Path.of("x"));
    var third = new LocalCluster.NodeInfo("us-east-1", "us-east", 2, 1, Path.of("y"));
    assertEquals(List.of(18000, 18001, 18002, 18003, 18004), ports(first));
    assertEquals(List.of(18020, 18021, 18022, 18023, 18024), ports(third));
    assertEquals("pekko://reel@127.0.0.1:18024", third.address());
  }

  private static List<Integer> ports(LocalCluster.NodeInfo n) {
    return List.of(n.httpPort(), n.httpsPort(), n.edgePort(), n.managementPort(), n.remotePort());
  }

  @Test
  void unreachableMeansTheNodeNotItsObserver() throws Exception {
    var observer = new LocalCluster.NodeInfo("eu-west-1", "eu-west", 0, 1, Path.of("x"));
    var dead = new LocalCluster.NodeInfo("us-east-1", "us-east", 2, 1, Path.of("y"));
    var members =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                "{\"unreachable\":[{\"node\":\"pekko://reel@127.0.0.1:18024\","
                    + "\"observedBy\":[\"pekko://reel@127.0.0.1:18004\"]}]}");
    assertEquals(true, LocalCluster.unreachable(members, dead));
    assertEquals(false, LocalCluster.unreachable(members, observer));
  }
}

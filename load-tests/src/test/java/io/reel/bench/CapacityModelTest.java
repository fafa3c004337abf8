package io.reel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityModelTest {

  private static final CapacityModel.Inputs IN = CapacityModel.Inputs.defaults();

  @Test
  void aMillionStreamsWithTheDefaults() {
    CapacityModel.Sizing z = CapacityModel.size(1_000_000, IN);
    // One heartbeat every 10 s, a save every 30 s, a play per 45-minute session.
    assertEquals(100_000, z.heartbeatsPerSecond(), 1e-6);
    assertEquals(1_000_000 / 2700.0, z.playsPerSecond(), 1e-6);
    assertEquals(1_000_000 / 30.0 + 4 * 1_000_000 / 2700.0, z.eventsPerSecond(), 1e-6);
    // (100,000 / 763 + 370.4 / 50) / 0.6 = 230.8 -> 231.
    assertEquals(231, z.apiNodes());
    // 3 writes an event, on 3 replicas in each of 2 regions; 20,000 a node at 60 %.
    assertEquals(z.eventsPerSecond() * 3, z.cassandraWritesPerSecond(), 1e-6);
    assertEquals(z.eventsPerSecond() * 18, z.cassandraReplicaWritesPerSecond(), 1e-6);
    assertEquals(53, z.cassandraNodes());
    assertEquals(z.eventsPerSecond() * 400 / 1e6, z.kafkaMegabytesPerSecond(), 1e-9);
    // 3 Mb/s a stream: 3 Tb/s; 5.46 Gb/s an edge at 60 % -> 915.8 -> 916.
    assertEquals(3.0, z.edgeTerabitsPerSecond(), 1e-9);
    assertEquals(916, z.edgeNodes());
  }

  @Test
  void scalesLinearlyAndAMeasurementReplacesADefault() {
    CapacityModel.Sizing small = CapacityModel.size(1_000_000, IN);
    CapacityModel.Sizing big = CapacityModel.size(100_000_000, IN);
    assertEquals(small.heartbeatsPerSecond() * 100, big.heartbeatsPerSecond(), 1e-3);
    assertTrue(big.apiNodes() >= small.apiNodes() * 100 - 100);
    CapacityModel.Inputs faster =
        CapacityModel.Inputs.parse(Map.of("heartbeats-per-node", "3000", "plays-per-node", "200"));
    assertTrue(CapacityModel.size(1_000_000, faster).apiNodes() < small.apiNodes() / 3);
  }

  @Test
  void refusesUnknownOrNonsenseInputs() {
    for (Map<String, String> bad :
        List.of(
            Map.of("heartbeats", "3000"),
            Map.of("regions", "0"),
            Map.of("bitrate-mbps", "-1"),
            Map.of("utilisation", "1.5"),
            Map.of("heartbeat-every", "ten"))) {
      assertThrows(
          IllegalArgumentException.class, () -> CapacityModel.Inputs.parse(bad), bad.toString());
    }
  }

  @Test
  void theTableHasARowPerStreamCount() {
    String table = CapacityModel.table(List.of(1_000_000L, 10_000_000L), IN);
    assertEquals(4, table.strip().split("\n").length, table);
    assertTrue(table.contains("| 1.0M | 100k |"), table);
    assertTrue(table.contains("| 10.0M | 1.0M |"), table);
  }
}

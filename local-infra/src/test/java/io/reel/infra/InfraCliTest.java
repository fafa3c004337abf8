package io.reel.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Option parsing and the port check; no servers needed. */
class InfraCliTest {

  @Test
  void parsesTopicsAndPorts() {
    InfraSettings s =
        InfraCli.settings(
            Path.of("/tmp/h"),
            new java.util.LinkedHashMap<>(
                Map.of(
                    "cassandra-port", "19042",
                    "kafka-port", "19092",
                    "keyspace", "k",
                    "topics", "a:3,b:1,c",
                    "ephemeral", "true")));
    assertEquals(19042, s.cassandraPort());
    assertEquals("127.0.0.1:19092", s.kafkaBootstrap());
    assertEquals("k", s.keyspace());
    assertEquals(Map.of("a", 3, "b", 1, "c", 1), s.topics());
    assertEquals(true, s.ephemeral());
  }

  @Test
  void aTakenPortIsReportedInOneLineNamingTheVariable() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InfraSettings.HOST, 0));
      int port = taken.getLocalPort();
      InfraException e =
          assertThrows(
              InfraException.class,
              () -> ServerProcess.checkPortFree(port, "cassandra.native", "REEL_CASSANDRA_PORT"));
      assertEquals(
          "port "
              + port
              + " (cassandra.native) is in use: stop what holds it or set REEL_CASSANDRA_PORT",
          e.getMessage());
    }
  }
}

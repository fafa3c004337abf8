package io.reel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.reel.testing.Eventually;
import io.reel.testing.Http;
import io.reel.testing.TestInfra;
import io.reel.testing.TestNode;
import org.junit.jupiter.api.Test;

/** Titles are recovered from the Cassandra journal when the node comes back. */
class NodeRestartTest {

  @Test
  void stateIsRecoveredAfterARestart() {
    String keyspace = TestInfra.freshKeyspace(NodeRestartTest.class);
    String topic = TestInfra.freshTopic("restart");
    String id;
    int firstNodeId;
    try (TestNode node = TestNode.start(keyspace, topic)) {
      Http.Response created =
          Http.post(
              node.baseUrl() + "/admin/titles",
              "{\"title\":\"Persistent\",\"year\":1960,\"genres\":[\"Drama\"]}");
      assertEquals(201, created.status(), created.body());
      id = created.json().get("id").asText();
      assertEquals(
          200, Http.post(node.baseUrl() + "/admin/titles/" + id + "/publish", "").status());
      assertEquals(
          200,
          Http.put(
                  node.baseUrl() + "/admin/titles/" + id,
                  "{\"title\":\"Persistent II\",\"year\":1961,\"genres\":[\"Drama\"]}")
              .status());
      firstNodeId = node.node().ids().nodeId();
    }

    try (TestNode node = TestNode.start(keyspace, topic)) {
      Http.Response recovered = Http.get(node.baseUrl() + "/admin/titles/" + id);
      assertEquals(200, recovered.status(), recovered.body());
      assertEquals("Persistent II", recovered.json().get("title").asText());
      assertEquals(1961, recovered.json().get("year").asInt());
      assertEquals("published", recovered.json().get("status").asText());
      // The read model survived too, and the projection resumes from its stored offset.
      Eventually.assertThat(
          () ->
              assertEquals(
                  "Persistent II",
                  Http.get(node.baseUrl() + "/catalog/titles/" + id).json().get("title").asText()));
      // The old lease was released on shutdown, the new node took a lease of its own, and ids it
      // issues never repeat the first node's.
      Http.Response second =
          Http.post(node.baseUrl() + "/admin/titles", "{\"title\":\"Next\",\"year\":1962}");
      assertNotEquals(id, second.json().get("id").asText());
      assertEquals(
          1,
          TestInfra.session()
              .execute(
                  "SELECT COUNT(*) FROM "
                      + keyspace
                      + ".node_id_leases WHERE node_id = "
                      + node.node().ids().nodeId())
              .one()
              .getLong(0));
      assertEquals(
          firstNodeId == node.node().ids().nodeId() ? 1 : 0,
          TestInfra.session()
              .execute(
                  "SELECT COUNT(*) FROM "
                      + keyspace
                      + ".node_id_leases WHERE node_id = "
                      + firstNodeId)
              .one()
              .getLong(0));
    }
  }
}

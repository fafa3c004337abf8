package io.reel.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import io.reel.testing.TestInfra;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

  private static String newKeyspace() {
    return "t_migrator_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static Set<String> tables(CqlSession session, String keyspace) {
    session.refreshSchema();
    KeyspaceMetadata ks = session.getMetadata().getKeyspace(keyspace).orElseThrow();
    return ks.getTables().keySet().stream().map(id -> id.asInternal()).collect(Collectors.toSet());
  }

  @Test
  void migrationsAreFoundOnTheClasspathInVersionOrder() {
    List<SchemaMigrator.Migration> migrations = SchemaMigrator.migrations();
    List<Integer> versions = migrations.stream().map(SchemaMigrator.Migration::version).toList();
    assertTrue(versions.containsAll(List.of(1, 2)), "versions " + versions);
    assertEquals(versions.stream().sorted().toList(), versions);
    assertEquals("journal", migrations.get(0).description());
  }

  @Test
  void appliesAllVersionsAndRecordsThem() {
    CqlSession session = TestInfra.session();
    String keyspace = newKeyspace();
    List<Integer> all =
        SchemaMigrator.migrations().stream().map(SchemaMigrator.Migration::version).toList();

    List<Integer> applied =
        SchemaMigrator.migrate(session, keyspace, SchemaMigrator.DEFAULT_REPLICATION);

    assertEquals(all, applied);
    assertEquals(all, SchemaMigrator.appliedVersions(session, keyspace));
    assertTrue(
        tables(session, keyspace)
            .containsAll(
                Set.of(
                    "messages",
                    "tag_views",
                    "tag_write_progress",
                    "tag_scanning",
                    "metadata",
                    "all_persistence_ids",
                    "snapshots",
                    "offset_store",
                    "projection_management",
                    "schema_version")),
        "tables " + tables(session, keyspace));
  }

  @Test
  void reApplyingIsANoOp() {
    CqlSession session = TestInfra.session();
    String keyspace = newKeyspace();
    SchemaMigrator.apply(session, keyspace);
    session.execute(
        "INSERT INTO " + keyspace + ".all_persistence_ids (persistence_id) VALUES ('kept')");

    List<Integer> second =
        SchemaMigrator.migrate(session, keyspace, SchemaMigrator.DEFAULT_REPLICATION);

    assertTrue(second.isEmpty(), "re-applied " + second);
    assertEquals(
        1L,
        session
            .execute("SELECT count(*) FROM " + keyspace + ".all_persistence_ids")
            .one()
            .getLong(0));
  }

  @Test
  void onlyPendingVersionsAreAppliedToAnOlderSchema() {
    CqlSession session = TestInfra.session();
    String keyspace = newKeyspace();
    SchemaMigrator.apply(session, keyspace);
    // Pretend V002 was never applied: it must be applied again, and only it.
    session.execute("DROP TABLE " + keyspace + ".offset_store");
    session.execute("DELETE FROM " + keyspace + ".schema_version WHERE version = 2");

    List<Integer> applied =
        SchemaMigrator.migrate(session, keyspace, SchemaMigrator.DEFAULT_REPLICATION);

    assertEquals(List.of(2), applied);
    assertTrue(tables(session, keyspace).contains("offset_store"));
  }

  @Test
  void journalTablesAcceptThePluginsWrites() {
    CqlSession session = TestInfra.session();
    String keyspace = TestInfra.freshKeyspace(SchemaMigratorTest.class);
    // The plugin's own insert statement (CassandraJournalStatements.writeMessage without meta).
    session.execute(
        "INSERT INTO "
            + keyspace
            + ".messages (persistence_id, partition_nr, sequence_nr, timestamp, timebucket,"
            + " writer_uuid, ser_id, ser_manifest, event_manifest, event, tags) VALUES ('p', 0, 1,"
            + " now(), '20260101T00', 'w', 1, '', '', 0x00, {'t'})");
    session.execute(
        "INSERT INTO "
            + keyspace
            + ".offset_store (projection_name, partition, projection_key, offset, manifest,"
            + " last_updated) VALUES ('n', 0, 'k', '1', 'SEQ', toTimestamp(now()))");
    assertFalse(
        session
            .execute(
                "SELECT * FROM "
                    + keyspace
                    + ".messages WHERE persistence_id = 'p' AND partition_nr = 0")
            .all()
            .isEmpty());
  }

  @Test
  void splitsStatementsAndDropsComments() {
    List<String> statements =
        SchemaMigrator.splitStatements(
            """
            -- a comment; with a semicolon
            CREATE TABLE a (x int PRIMARY KEY, y text); -- trailing
            CREATE TABLE b (
              s text, -- inline
              PRIMARY KEY (s))
              WITH comment = 'not -- a comment';
            """);
    assertEquals(2, statements.size(), statements.toString());
    assertEquals("CREATE TABLE a (x int PRIMARY KEY, y text)", statements.get(0));
    assertTrue(statements.get(1).endsWith("WITH comment = 'not -- a comment'"), statements.get(1));
    assertFalse(statements.get(1).contains("inline"));
  }
}

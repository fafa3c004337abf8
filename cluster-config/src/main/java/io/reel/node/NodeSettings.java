package io.reel.node;

import com.typesafe.config.Config;
import io.reel.edge.EdgeSettings;
import io.reel.http.Gateway;
import io.reel.http.HttpServer;
import io.reel.projections.ProjectionSettings;
import io.reel.projections.search.SearchIndexFeed;
import io.reel.read.ReadSide;
import io.reel.transcode.TranscodeSettings;
import io.reel.write.account.Accounts;
import io.reel.write.catalog.CatalogImporter;
import io.reel.write.personal.PersonalSettings;
import io.reel.write.playback.EdgeDirectory;
import io.reel.write.playback.PlayApi;
import io.reel.write.title.TitleSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the node reads from its configuration, read once at start through each module's own
 * settings type, so that {@link Node} only decides what runs where. A missing or malformed key
 * fails here, before anything starts.
 */
record NodeSettings(
    boolean joinSelf,
    String keyspace,
    String cassandraContactPoint,
    boolean applySchema,
    String replication,
    Duration nodeIdLeaseTtl,
    Duration nodeIdRenewEvery,
    TitleSettings titles,
    CatalogImporter.Settings imports,
    long maxImportBodyBytes,
    long maxJsonBodyBytes,
    TranscodeSettings transcode,
    Accounts.Settings accounts,
    PlayApi.Settings play,
    PersonalSettings personal,
    EdgeDirectory edges,
    ProjectionSettings projections,
    ReadSide.Settings read,
    SearchIndexFeed.Settings search,
    EdgeSettings edge,
    Path mediaStoreDir,
    Gateway.Settings gateway,
    HttpServer.Settings http) {

  static NodeSettings fromConfig(Config root) {
    Config imp = root.getConfig("reel.titles.import");
    return new NodeSettings(
        // No seed nodes configured: this node forms a cluster of its own.
        // No seeds and no discovery: a one-node cluster that joins itself.
        root.getList("pekko.cluster.seed-nodes").isEmpty()
            && !root.getBoolean("reel.cluster.bootstrap.enabled"),
        root.getString("reel.cassandra.keyspace"),
        root.getString("reel.cassandra.contact-point"),
        root.getBoolean("reel.cassandra.apply-schema"),
        root.getString("reel.cassandra.replication"),
        root.getDuration("reel.node-id.lease-ttl"),
        root.getDuration("reel.node-id.renew-every"),
        TitleSettings.fromConfig(root),
        new CatalogImporter.Settings(
            imp.getInt("parallelism"),
            (int) imp.getBytes("max-line-bytes").longValue(),
            imp.getInt("progress-every")),
        imp.getBytes("max-body-bytes"),
        root.getBytes("reel.http.max-json-body-bytes"),
        TranscodeSettings.fromConfig(root),
        Accounts.Settings.fromConfig(root),
        PlayApi.Settings.fromConfig(root),
        PersonalSettings.fromConfig(root),
        EdgeDirectory.fromConfig(root),
        ProjectionSettings.fromConfig(root),
        ReadSide.Settings.fromConfig(root),
        SearchIndexFeed.Settings.fromConfig(root),
        EdgeSettings.fromConfig(root),
        Path.of(root.getString("reel.media.store-dir")),
        Gateway.Settings.fromConfig(root),
        HttpServer.Settings.fromConfig(root));
  }
}

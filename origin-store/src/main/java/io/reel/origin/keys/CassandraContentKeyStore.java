package io.reel.origin.keys;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.reel.domain.media.ResolutionTier;
import io.reel.domain.title.TitleId;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Content keys in Cassandra: {@code content_tier_keys}, one row per package version and resolution
 * tier, and {@code content_keys}, one row per title (packages made before tiers). Rows are created
 * with a lightweight transaction so two workers racing on a new package end up with the same keys.
 */
public final class CassandraContentKeyStore implements ContentKeyStore {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final CqlSession session;
  private final MasterKey master;
  private final PreparedStatement select;
  private final PreparedStatement insert;
  private final PreparedStatement selectTiers;
  private final PreparedStatement insertTier;

  public CassandraContentKeyStore(CqlSession session, String keyspace, MasterKey master) {
    this.session = session;
    this.master = master;
    this.select =
        session.prepare(
            "SELECT kid, wrapped_key FROM " + keyspace + ".content_keys WHERE title_id = ?");
    this.insert =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".content_keys (title_id, kid, wrapped_key, master_key_id, created_at)"
                + " VALUES (?, ?, ?, ?, ?) IF NOT EXISTS");
    this.selectTiers =
        session.prepare(
            "SELECT tier, kid, wrapped_key FROM "
                + keyspace
                + ".content_tier_keys WHERE title_id = ? AND package_version = ?");
    this.insertTier =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".content_tier_keys (title_id, package_version, tier, kid, wrapped_key,"
                + " master_key_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
  }

  private static String tierContext(TitleId title, int version, ResolutionTier tier, byte[] kid) {
    return "reel-content-key:"
        + title.asString()
        + ":v"
        + version
        + ":"
        + tier.name()
        + ":"
        + HexFormat.of().formatHex(kid);
  }

  @Override
  public CompletionStage<PackageKeys> packageKeys(TitleId title, int packageVersion) {
    return tierKeys(title, packageVersion)
        .thenCompose(
            existing -> {
              Map<ResolutionTier, ContentKey> keys = new EnumMap<>(ResolutionTier.class);
              existing.forEach(k -> keys.put(k.tier(), k.key()));
              CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
              for (ResolutionTier tier : ResolutionTier.values()) {
                if (!keys.containsKey(tier)) {
                  all =
                      all.thenCompose(
                          x ->
                              createTier(title, packageVersion, tier)
                                  .thenAccept(k -> keys.put(tier, k)));
                }
              }
              return all.thenApply(x -> new PackageKeys(keys));
            });
  }

  /** One tier's key; the LWT makes racing workers agree on the first one written. */
  private CompletionStage<ContentKey> createTier(TitleId title, int version, ResolutionTier tier) {
    ContentKey fresh = ContentKey.random();
    byte[] wrapped = master.wrap(fresh.key(), tierContext(title, version, tier, fresh.kid()));
    return session
        .executeAsync(
            insertTier.bind(
                title.value(),
                version,
                tier.name(),
                ByteBuffer.wrap(fresh.kid()),
                ByteBuffer.wrap(wrapped),
                master.id(),
                Instant.now()))
        .thenApply(ins -> ins.wasApplied() ? fresh : unwrapTier(title, version, ins.one()).key());
  }

  @Override
  public CompletionStage<List<TierKey>> licenceKeys(TitleId title, int packageVersion) {
    return tierKeys(title, packageVersion)
        .thenCompose(
            tiers -> {
              if (!tiers.isEmpty()) {
                return CompletableFuture.completedFuture(tiers);
              }
              // A package from before keys per tier: its one key covers every rendition.
              return session
                  .executeAsync(select.bind(title.value()))
                  .thenApply(
                      rs -> {
                        Row row = rs.one();
                        return row == null
                            ? List.<TierKey>of()
                            : List.of(new TierKey(ResolutionTier.lowest(), unwrap(title, row)));
                      });
            });
  }

  private CompletionStage<List<TierKey>> tierKeys(TitleId title, int version) {
    return session
        .executeAsync(selectTiers.bind(title.value(), version))
        .thenApply(
            rs -> {
              List<TierKey> out = new ArrayList<>();
              for (Row row : rs.currentPage()) {
                out.add(unwrapTier(title, version, row));
              }
              out.sort(java.util.Comparator.comparing(TierKey::tier));
              return out;
            });
  }

  private TierKey unwrapTier(TitleId title, int version, Row row) {
    ResolutionTier tier = ResolutionTier.valueOf(row.getString("tier"));
    byte[] kid = bytes(row.getByteBuffer("kid"));
    byte[] key =
        master.unwrap(
            bytes(row.getByteBuffer("wrapped_key")), tierContext(title, version, tier, kid));
    return new TierKey(tier, new ContentKey(kid, key));
  }

  private static String context(TitleId title, byte[] kid) {
    return "reel-content-key:" + title.asString() + ":" + HexFormat.of().formatHex(kid);
  }

  @Override
  public CompletionStage<ContentKey> keyFor(TitleId title) {
    return session
        .executeAsync(select.bind(title.value()))
        .thenCompose(
            rs -> {
              Row row = rs.one();
              if (row != null) {
                return java.util.concurrent.CompletableFuture.completedFuture(unwrap(title, row));
              }
              byte[] kid = new byte[16];
              byte[] key = new byte[16];
              RANDOM.nextBytes(kid);
              RANDOM.nextBytes(key);
              byte[] wrapped = master.wrap(key, context(title, kid));
              return session
                  .executeAsync(
                      insert.bind(
                          title.value(),
                          ByteBuffer.wrap(kid),
                          ByteBuffer.wrap(wrapped),
                          master.id(),
                          Instant.now()))
                  .thenApply(
                      ins -> {
                        // Lost the race: the LWT answers with the winner's row.
                        return ins.wasApplied()
                            ? new ContentKey(kid, key)
                            : unwrap(title, ins.one());
                      });
            });
  }

  @Override
  public CompletionStage<Optional<ContentKey>> find(TitleId title, String kidHex) {
    return session
        .executeAsync(select.bind(title.value()))
        .thenApply(
            rs -> {
              Row row = rs.one();
              if (row == null) {
                return Optional.empty();
              }
              ContentKey k = unwrap(title, row);
              return k.kidHex().equalsIgnoreCase(kidHex) ? Optional.of(k) : Optional.empty();
            });
  }

  private ContentKey unwrap(TitleId title, Row row) {
    byte[] kid = bytes(row.getByteBuffer("kid"));
    byte[] key = master.unwrap(bytes(row.getByteBuffer("wrapped_key")), context(title, kid));
    return new ContentKey(kid, key);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}

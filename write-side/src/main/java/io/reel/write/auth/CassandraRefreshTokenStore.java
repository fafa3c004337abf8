package io.reel.write.auth;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;

/**
 * Refresh tokens in {@code refresh_tokens} (by token hash) and their families in {@code
 * refresh_families} (by account). Rotation is the LWT {@code UPDATE ... SET status = 'used' ... IF
 * status = 'active'}: of two concurrent refreshes of one token exactly one is applied.
 *
 * <p>Everything carries a TTL a day past the moment it stops mattering, so nothing is deleted by
 * hand: a token row lives until a day after its expiry (a used token presented before then is still
 * seen as reuse), a family row is kept alive by each token issued in it, and the revoked flag
 * outlives every token the family could hold.
 */
public final class CassandraRefreshTokenStore implements RefreshTokenStore {

  private static final Duration MARGIN = Duration.ofDays(1);

  /** Cassandra refuses TTLs over 20 years. */
  private static final long MAX_TTL_SECONDS = 630_720_000L;

  private final CqlSession session;
  private final Duration refreshTtl;
  private final Clock clock;
  private final PreparedStatement insertToken;
  private final PreparedStatement selectToken;
  private final PreparedStatement markUsed;
  private final PreparedStatement insertFamily;
  private final PreparedStatement touchFamily;
  private final PreparedStatement selectFamily;
  private final PreparedStatement revokeFamily;
  private final PreparedStatement selectFamilies;
  private final PreparedStatement selectSessions;

  public CassandraRefreshTokenStore(
      CqlSession session, String keyspace, AuthSettings settings, Clock clock) {
    this.session = session;
    this.refreshTtl = settings.refreshTtl();
    this.clock = clock;
    String tokens = keyspace + ".refresh_tokens";
    String families = keyspace + ".refresh_families";
    this.insertToken =
        session.prepare(
            "INSERT INTO "
                + tokens
                + " (token_hash, family_id, account_id, status, issued_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) USING TTL ?");
    this.selectToken =
        session.prepare(
            "SELECT token_hash, family_id, account_id, status, issued_at, expires_at, replaced_by"
                + " FROM "
                + tokens
                + " WHERE token_hash = ?");
    this.markUsed =
        session.prepare(
            "UPDATE "
                + tokens
                + " USING TTL ? SET status = 'used', replaced_by = ?"
                + " WHERE token_hash = ? IF status = 'active'");
    this.insertFamily =
        session.prepare(
            "INSERT INTO "
                + families
                + " (account_id, family_id, created_at, expires_at, last_used_at, device)"
                + " VALUES (?, ?, ?, ?, ?, ?) USING TTL ?");
    this.touchFamily =
        session.prepare(
            "UPDATE "
                + families
                + " USING TTL ? SET last_used_at = ? WHERE account_id = ? AND family_id = ?");
    this.selectFamily =
        session.prepare(
            "SELECT account_id, family_id, revoked, created_at, expires_at, device FROM "
                + families
                + " WHERE account_id = ? AND family_id = ?");
    this.revokeFamily =
        session.prepare(
            "UPDATE "
                + families
                + " USING TTL ? SET revoked = true WHERE account_id = ? AND family_id = ?");
    this.selectFamilies =
        session.prepare("SELECT family_id FROM " + families + " WHERE account_id = ?");
    this.selectSessions =
        session.prepare(
            "SELECT family_id, device, created_at, last_used_at, expires_at, revoked FROM "
                + families
                + " WHERE account_id = ?");
  }

  @Override
  public CompletionStage<Done> createFamily(Family family) {
    Instant until = family.expiresAt().orElse(family.createdAt().plus(refreshTtl));
    return session
        .executeAsync(
            q(
                insertFamily.bind(
                    family.accountId(),
                    family.familyId(),
                    family.createdAt(),
                    family.expiresAt().orElse(null),
                    family.createdAt(),
                    family.device(),
                    ttl(until))))
        .thenApply(rs -> Done.getInstance());
  }

  @Override
  public CompletionStage<Done> insert(RefreshToken token) {
    int ttl = ttl(token.expiresAt());
    return session
        .executeAsync(
            q(
                insertToken.bind(
                    token.tokenHash(),
                    token.familyId(),
                    token.accountId(),
                    token.status().name().toLowerCase(Locale.ROOT),
                    token.issuedAt(),
                    token.expiresAt(),
                    ttl)))
        // Keeps the family row alive as long as its newest token (the row marker of the insert
        // may expire first when families have no absolute lifetime).
        .thenCompose(
            rs ->
                session.executeAsync(
                    q(
                        touchFamily.bind(
                            ttl, token.issuedAt(), token.accountId(), token.familyId()))))
        .thenApply(rs -> Done.getInstance());
  }

  @Override
  public CompletionStage<Optional<RefreshToken>> find(String tokenHash) {
    return session
        .executeAsync(q(selectToken.bind(tokenHash)))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(CassandraRefreshTokenStore::token));
  }

  @Override
  public CompletionStage<Optional<Family>> findFamily(String accountId, UUID familyId) {
    return session
        .executeAsync(q(selectFamily.bind(accountId, familyId)))
        .thenApply(
            rs ->
                Optional.ofNullable(rs.one())
                    .map(
                        row ->
                            new Family(
                                row.getString("account_id"),
                                row.getUuid("family_id"),
                                // Null when never revoked (the column was never written).
                                row.getBoolean("revoked"),
                                Optional.ofNullable(row.getInstant("created_at"))
                                    .orElse(Instant.EPOCH),
                                Optional.ofNullable(row.getInstant("expires_at")),
                                Optional.ofNullable(row.getString("device")).orElse(""))));
  }

  @Override
  public CompletionStage<Boolean> markUsed(RefreshToken token, String replacedBy) {
    return session
        .executeAsync(q(markUsed.bind(ttl(token.expiresAt()), replacedBy, token.tokenHash())))
        .thenApply(AsyncResultSet::wasApplied);
  }

  @Override
  public CompletionStage<Done> revokeFamily(String accountId, UUID familyId) {
    // Outlives any token of the family: the newest was issued no later than about now.
    int ttl = ttl(clock.instant().plus(refreshTtl));
    return session
        .executeAsync(q(revokeFamily.bind(ttl, accountId, familyId)))
        .thenApply(rs -> Done.getInstance());
  }

  @Override
  public CompletionStage<List<UUID>> families(String accountId) {
    List<UUID> out = new ArrayList<>();
    return session
        .executeAsync(q(selectFamilies.bind(accountId)))
        .thenCompose(rs -> collect(rs, row -> row.getUuid("family_id"), out))
        .thenApply(v -> List.copyOf(out));
  }

  @Override
  public CompletionStage<List<Session>> sessions(String accountId) {
    List<Session> out = new ArrayList<>();
    return session
        .executeAsync(q(selectSessions.bind(accountId)))
        .thenCompose(rs -> collect(rs, CassandraRefreshTokenStore::session, out))
        .thenApply(v -> List.copyOf(out));
  }

  private static Session session(Row row) {
    Instant created = Optional.ofNullable(row.getInstant("created_at")).orElse(Instant.EPOCH);
    return new Session(
        row.getUuid("family_id"),
        Optional.ofNullable(row.getString("device")).orElse(""),
        created,
        Optional.ofNullable(row.getInstant("last_used_at")).orElse(created),
        Optional.ofNullable(row.getInstant("expires_at")),
        row.getBoolean("revoked"));
  }

  private static <T> CompletionStage<Void> collect(
      AsyncResultSet rs, Function<Row, T> read, List<T> out) {
    for (Row row : rs.currentPage()) {
      out.add(read.apply(row));
    }
    return rs.hasMorePages()
        ? rs.fetchNextPage().thenCompose(next -> collect(next, read, out))
        : CompletableFuture.completedFuture(null);
  }

  /** Seconds from now until a day past {@code until}; at least one second. */
  private int ttl(Instant until) {
    long seconds = Duration.between(clock.instant(), until.plus(MARGIN)).getSeconds();
    return (int) Math.max(1, Math.min(seconds, MAX_TTL_SECONDS));
  }

  private static RefreshToken token(Row row) {
    return new RefreshToken(
        row.getString("token_hash"),
        row.getUuid("family_id"),
        row.getString("account_id"),
        Status.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
        row.getInstant("issued_at"),
        row.getInstant("expires_at"),
        Optional.ofNullable(row.getString("replaced_by")));
  }

  /**
   * LOCAL_QUORUM whatever the driver default: a token row written by one node must be visible to
   * the next refresh on another (LWTs use LOCAL_SERIAL for the condition).
   */
  private static BoundStatement q(BoundStatement s) {
    return s.setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)
        .setSerialConsistencyLevel(DefaultConsistencyLevel.LOCAL_SERIAL);
  }
}

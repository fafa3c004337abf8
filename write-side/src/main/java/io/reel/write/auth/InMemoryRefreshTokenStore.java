package io.reel.write.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;

/**
 * For tests and single-node development. {@link #markUsed} is an atomic compare-and-set, the same
 * semantics as the {@code IF status = 'active'} LWT of {@link CassandraRefreshTokenStore}. Nothing
 * expires from memory.
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {

  private final ConcurrentMap<String, RefreshToken> tokens = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ConcurrentMap<UUID, Family>> families =
      new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Done> createFamily(Family family) {
    families
        .computeIfAbsent(family.accountId(), a -> new ConcurrentHashMap<>())
        .putIfAbsent(family.familyId(), family);
    return done();
  }

  @Override
  public CompletionStage<Done> insert(RefreshToken token) {
    tokens.put(token.tokenHash(), token);
    return done();
  }

  @Override
  public CompletionStage<Optional<RefreshToken>> find(String tokenHash) {
    return CompletableFuture.completedFuture(Optional.ofNullable(tokens.get(tokenHash)));
  }

  @Override
  public CompletionStage<Optional<Family>> findFamily(String accountId, UUID familyId) {
    return CompletableFuture.completedFuture(
        Optional.ofNullable(families.getOrDefault(accountId, new ConcurrentHashMap<>()))
            .map(m -> m.get(familyId)));
  }

  @Override
  public CompletionStage<Boolean> markUsed(RefreshToken token, String replacedBy) {
    AtomicBoolean applied = new AtomicBoolean(false);
    tokens.computeIfPresent(
        token.tokenHash(),
        (h, t) -> {
          if (t.status() != Status.ACTIVE) {
            return t;
          }
          applied.set(true);
          return new RefreshToken(
              t.tokenHash(),
              t.familyId(),
              t.accountId(),
              Status.USED,
              t.issuedAt(),
              t.expiresAt(),
              Optional.of(replacedBy));
        });
    return CompletableFuture.completedFuture(applied.get());
  }

  @Override
  public CompletionStage<Done> revokeFamily(String accountId, UUID familyId) {
    families
        .computeIfAbsent(accountId, a -> new ConcurrentHashMap<>())
        .computeIfPresent(
            familyId,
            (id, f) ->
                new Family(
                    f.accountId(), f.familyId(), true, f.createdAt(), f.expiresAt(), f.device()));
    return done();
  }

  @Override
  public CompletionStage<List<UUID>> families(String accountId) {
    Map<UUID, Family> m = families.getOrDefault(accountId, new ConcurrentHashMap<>());
    return CompletableFuture.completedFuture(List.copyOf(m.keySet()));
  }

  @Override
  public CompletionStage<List<Session>> sessions(String accountId) {
    Map<UUID, Family> m = families.getOrDefault(accountId, new ConcurrentHashMap<>());
    List<Session> out = new ArrayList<>();
    for (Family f : m.values()) {
      // The newest token of the family, as the store's last-used column tracks it.
      Instant lastUsed =
          tokens.values().stream()
              .filter(t -> t.familyId().equals(f.familyId()))
              .map(RefreshToken::issuedAt)
              .max(Instant::compareTo)
              .orElse(f.createdAt());
      out.add(
          new Session(
              f.familyId(), f.device(), f.createdAt(), lastUsed, f.expiresAt(), f.revoked()));
    }
    return CompletableFuture.completedFuture(List.copyOf(out));
  }

  /** Test hook: the stored row, to check statuses. */
  Optional<RefreshToken> row(String tokenHash) {
    return Optional.ofNullable(tokens.get(tokenHash));
  }

  private static CompletionStage<Done> done() {
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}

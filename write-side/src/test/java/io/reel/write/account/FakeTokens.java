package io.reel.write.account;

import io.reel.write.auth.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;

/** A stand-in for the real token service: "access-<accountId>" tokens, calls recorded. */
final class FakeTokens implements Tokens {

  final List<String> issued = new CopyOnWriteArrayList<>();
  final List<String> revokedAll = new CopyOnWriteArrayList<>();
  private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

  @Override
  public CompletionStage<TokenPair> issue(String accountId) {
    issued.add(accountId);
    return CompletableFuture.completedFuture(
        new TokenPair("access-" + accountId, EXPIRES, "refresh-" + accountId, EXPIRES));
  }

  @Override
  public CompletionStage<TokenPair> refresh(String refreshToken) {
    return CompletableFuture.failedFuture(new TokenRejected("fake", false));
  }

  @Override
  public CompletionStage<Done> revoke(String refreshToken) {
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  @Override
  public CompletionStage<Done> revokeAll(String accountId) {
    revokedAll.add(accountId);
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  @Override
  public Optional<AccessClaims> verify(String accessToken) {
    return accessToken != null && accessToken.startsWith("access-")
        ? Optional.of(
            new AccessClaims(accessToken.substring(7), "jti", EXPIRES, "session", Set.of()))
        : Optional.empty();
  }

  /** Sessions of accounts whose tokens were all revoked are over. */
  @Override
  public CompletionStage<Boolean> live(AccessClaims claims) {
    return CompletableFuture.completedFuture(!revokedAll.contains(claims.accountId()));
  }
}

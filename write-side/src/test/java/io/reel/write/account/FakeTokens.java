package io.reel.write.account;

import io.reel.write.auth.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;

/** A stand-in for the real token service: "access-<accountId>" tokens, calls recorded. */
final class FakeTokens implements Tokens {

  final List<String> issued = new CopyOnWriteArrayList<>();
  final List<String> devices = new CopyOnWriteArrayList<>();
  final List<String> revokedAll = new CopyOnWriteArrayList<>();
  static final UUID SESSION = UUID.fromString("00000000-0000-4000-8000-000000000001");
  private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

  @Override
  public CompletionStage<TokenPair> issue(String accountId, String device) {
    issued.add(accountId);
    devices.add(device);
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

  /** One session per account that signed in, until all its tokens were revoked. */
  @Override
  public CompletionStage<List<SignInSession>> sessions(String accountId) {
    return CompletableFuture.completedFuture(
        issued.contains(accountId) && !revokedAll.contains(accountId)
            ? List.of(new SignInSession(SESSION, "Fake device", EXPIRES, EXPIRES, Optional.empty()))
            : List.of());
  }

  @Override
  public CompletionStage<Boolean> endSession(String accountId, UUID sessionId) {
    return CompletableFuture.completedFuture(
        SESSION.equals(sessionId) && revokedAll.add(accountId));
  }

  @Override
  public Optional<AccessClaims> verify(String accessToken) {
    return accessToken != null && accessToken.startsWith("access-")
        ? Optional.of(
            new AccessClaims(
                accessToken.substring(7), "jti", EXPIRES, SESSION.toString(), Set.of()))
        : Optional.empty();
  }

  /** Sessions of accounts whose tokens were all revoked are over. */
  @Override
  public CompletionStage<Boolean> live(AccessClaims claims) {
    return CompletableFuture.completedFuture(!revokedAll.contains(claims.accountId()));
  }
}

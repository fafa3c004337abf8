package io.reel.write.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.write.auth.RefreshTokenStore.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refresh tokens: rotation, reuse detection, races, revocation. */
class JwtTokensRefreshTest {

  private AuthFixture f;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @BeforeEach
  void setUp() {
    f = new AuthFixture();
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void refreshRotatesAndUsesUpTheOldToken() {
    Tokens.TokenPair first = f.issue("acc-1");
    assertEquals(43, first.refreshToken().length());
    assertEquals(AuthFixture.T0.plus(Duration.ofDays(30)), first.refreshExpiresAt());
    f.clock.advance(Duration.ofMinutes(5));

    Tokens.TokenPair second = refresh(first.refreshToken());
    assertNotEquals(first.refreshToken(), second.refreshToken());
    assertEquals("acc-1", f.tokens.verify(second.accessToken()).orElseThrow().accountId());
    var used = f.refreshStore.row(JwtTokens.hash(first.refreshToken())).orElseThrow();
    assertEquals(Status.USED, used.status());
    assertEquals(Optional.of(JwtTokens.hash(second.refreshToken())), used.replacedBy());
    var next = f.refreshStore.row(JwtTokens.hash(second.refreshToken())).orElseThrow();
    assertEquals(Status.ACTIVE, next.status());
    assertEquals(used.familyId(), next.familyId());
  }

  @Test
  void onlyHashesAreStored() {
    Tokens.TokenPair pair = f.issue("acc-1");
    assertTrue(f.refreshStore.row(pair.refreshToken()).isEmpty());
    assertTrue(f.refreshStore.row(JwtTokens.hash(pair.refreshToken())).isPresent());
  }

  @Test
  void reusingAnOldTokenRevokesTheWholeFamily() {
    Tokens.TokenPair first = f.issue("acc-1");
    Tokens.TokenPair second = refresh(first.refreshToken());
    Tokens.TokenPair third = refresh(second.refreshToken());
    Tokens.TokenPair otherSignIn = f.issue("acc-1");

    assertTrue(rejection(first.refreshToken()).reused());
    // The thief or the victim holds the newest token; neither may use it now.
    assertFalse(rejection(third.refreshToken()).reused());
    // A second reuse is still reuse (and still rejected).
    assertTrue(rejection(second.refreshToken()).reused());
    // Another sign-in of the same account is a different family and keeps working.
    refresh(otherSignIn.refreshToken());
  }

  @Test
  void concurrentRefreshesOfOneTokenLetExactlyOneWin() throws Exception {
    Tokens.TokenPair pair = f.issue("acc-1");
    int n = 8;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Tokens.TokenPair>> racers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      racers.add(
          CompletableFuture.supplyAsync(
                  () -> {
                    await(go);
                    return f.tokens.refresh(pair.refreshToken());
                  },
                  pool)
              .thenCompose(s -> s));
    }
    go.countDown();
    List<Tokens.TokenPair> won = new ArrayList<>();
    int reused = 0;
    for (CompletableFuture<Tokens.TokenPair> r : racers) {
      try {
        won.add(r.get(30, TimeUnit.SECONDS));
      } catch (java.util.concurrent.ExecutionException e) {
        assertTrue(assertInstanceOf(Tokens.TokenRejected.class, e.getCause()).reused());
        reused++;
      }
    }
    assertEquals(1, won.size());
    assertEquals(n - 1, reused);
    // The losers counted as reuse, so even the winner's new token is dead.
    assertFalse(rejection(won.get(0).refreshToken()).reused());
  }

  @Test
  void bothSeeActiveThenCompareAndSetPicksOne() throws Exception {
    // Both refreshes read the row as active before either writes: only the compare-and-set (the
    // LWT in Cassandra) can tell them apart.
    CyclicBarrier bothRead = new CyclicBarrier(2);
    AtomicInteger finds = new AtomicInteger();
    RefreshTokenStore gated =
        new Delegating(f.refreshStore) {
          @Override
          public CompletionStage<Optional<RefreshTokenStore.RefreshToken>> find(String h) {
            Optional<RefreshTokenStore.RefreshToken> row =
                f.refreshStore.find(h).toCompletableFuture().join();
            if (finds.incrementAndGet() <= 2) {
              await(bothRead);
            }
            return CompletableFuture.completedFuture(row);
          }
        };
    JwtTokens tokens = new JwtTokens(f.settings, f.keys, gated, f.clock);
    Tokens.TokenPair pair = tokens.issue("acc-1").toCompletableFuture().join();

    var a = CompletableFuture.supplyAsync(() -> tokens.refresh(pair.refreshToken()), pool);
    var b = CompletableFuture.supplyAsync(() -> tokens.refresh(pair.refreshToken()), pool);
    int ok = 0;
    int reused = 0;
    for (var r : List.of(a, b)) {
      try {
        r.get(30, TimeUnit.SECONDS).toCompletableFuture().join();
        ok++;
      } catch (CompletionException e) {
        assertTrue(assertInstanceOf(Tokens.TokenRejected.class, e.getCause()).reused());
        reused++;
      }
    }
    assertEquals(1, ok);
    assertEquals(1, reused);
  }

  @Test
  void unknownMalformedAndExpiredTokensAreRejectedAsNotReused() {
    assertFalse(rejection(JwtTokens.newRefreshToken()).reused());
    assertFalse(rejection("not a token").reused());
    assertFalse(rejection(null).reused());
    Tokens.TokenPair pair = f.issue("acc-1");
    f.clock.advance(Duration.ofDays(30));
    assertFalse(rejection(pair.refreshToken()).reused());
  }

  @Test
  void familyLifetimeCapsRefreshes() {
    AuthFixture capped =
        new AuthFixture(
            AuthFixture.settings(
                "https://reel.test", "reel-api", Optional.of(Duration.ofDays(40))));
    Tokens.TokenPair pair = capped.issue("acc-1");
    capped.clock.advance(Duration.ofDays(29));
    pair = capped.tokens.refresh(pair.refreshToken()).toCompletableFuture().join();
    assertEquals(AuthFixture.T0.plus(Duration.ofDays(40)), pair.refreshExpiresAt());
    capped.clock.advance(Duration.ofDays(11));
    String last = pair.refreshToken();
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            CompletionException.class,
            () -> capped.tokens.refresh(last).toCompletableFuture().join());
    assertFalse(assertInstanceOf(Tokens.TokenRejected.class, e.getCause()).reused());
  }

  @Test
  void signOutRevokesTheFamily() {
    Tokens.TokenPair first = f.issue("acc-1");
    Tokens.TokenPair second = refresh(first.refreshToken());
    Tokens.TokenPair other = f.issue("acc-1");
    f.tokens.revoke(first.refreshToken()).toCompletableFuture().join();
    assertFalse(rejection(second.refreshToken()).reused());
    refresh(other.refreshToken());
    // Unknown and malformed tokens are ignored.
    assertEquals(
        Done.getInstance(),
        f.tokens.revoke(JwtTokens.newRefreshToken()).toCompletableFuture().join());
    assertEquals(Done.getInstance(), f.tokens.revoke("junk").toCompletableFuture().join());
  }

  @Test
  void revokeAllEndsEverySignInOfTheAccountOnly() {
    Tokens.TokenPair a = f.issue("acc-1");
    Tokens.TokenPair b = refresh(f.issue("acc-1").refreshToken());
    Tokens.TokenPair someoneElse = f.issue("acc-2");
    f.tokens.revokeAll("acc-1").toCompletableFuture().join();
    assertFalse(rejection(a.refreshToken()).reused());
    assertFalse(rejection(b.refreshToken()).reused());
    refresh(someoneElse.refreshToken());
    f.tokens.revokeAll("nobody").toCompletableFuture().join();
  }

  @Test
  void accessTokensOfARevokedSessionStopAtOnceOnThisNode() {
    Tokens.TokenPair mine = f.issue("acc-1");
    Tokens.TokenPair elsewhere = f.issue("acc-1");
    assertTrue(live(mine.accessToken()));
    f.tokens.revoke(mine.refreshToken()).toCompletableFuture().join();
    // Still a well-signed token, but its session is over.
    assertTrue(f.tokens.verify(mine.accessToken()).isPresent());
    assertFalse(live(mine.accessToken()));
    assertTrue(live(elsewhere.accessToken()));
    f.tokens.revokeAll("acc-1").toCompletableFuture().join();
    assertFalse(live(elsewhere.accessToken()));
  }

  @Test
  void aSessionRevokedOnAnotherNodeStopsWhenTheCachedAnswerExpires() {
    Tokens.TokenPair pair = f.issue("acc-1");
    JwtTokens otherNode = new JwtTokens(f.settings, f.keys, f.refreshStore, f.clock);
    assertTrue(live(pair.accessToken()));
    otherNode.revoke(pair.refreshToken()).toCompletableFuture().join();
    // This node has not looked again yet: its cached answer stands until it is older than the TTL.
    assertTrue(live(pair.accessToken()));
    f.clock.advance(f.settings.sessionCheckTtl().plusSeconds(1));
    assertFalse(live(pair.accessToken()));
  }

  @Test
  void rolesComeFromTheAccountAtIssueAndRefresh() {
    java.util.Set<String> roles = new java.util.concurrent.CopyOnWriteArraySet<>();
    JwtTokens tokens =
        new JwtTokens(
            f.settings,
            f.keys,
            f.refreshStore,
            f.clock,
            id ->
                java.util.concurrent.CompletableFuture.completedFuture(
                    java.util.Set.copyOf(roles)));
    Tokens.TokenPair viewer = tokens.issue("acc-1").toCompletableFuture().join();
    assertFalse(tokens.verify(viewer.accessToken()).orElseThrow().operator());
    roles.add("operator");
    Tokens.TokenPair refreshed = tokens.refresh(viewer.refreshToken()).toCompletableFuture().join();
    assertTrue(tokens.verify(refreshed.accessToken()).orElseThrow().operator());
  }

  private boolean live(String accessToken) {
    return f.tokens.live(f.tokens.verify(accessToken).orElseThrow()).toCompletableFuture().join();
  }

  private Tokens.TokenPair refresh(String token) {
    return f.tokens.refresh(token).toCompletableFuture().join();
  }

  private Tokens.TokenRejected rejection(String token) {
    try {
      f.tokens.refresh(token).toCompletableFuture().join();
    } catch (CompletionException e) {
      return assertInstanceOf(Tokens.TokenRejected.class, e.getCause());
    }
    throw new AssertionError("refresh was accepted");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Forwards everything; tests override the calls they gate. */
  private static class Delegating implements RefreshTokenStore {
    private final RefreshTokenStore d;

    Delegating(RefreshTokenStore d) {
      this.d = d;
    }

    @Override
    public CompletionStage<Done> createFamily(Family family) {
      return d.createFamily(family);
    }

    @Override
    public CompletionStage<Done> insert(RefreshToken token) {
      return d.insert(token);
    }

    @Override
    public CompletionStage<Optional<RefreshToken>> find(String tokenHash) {
      return d.find(tokenHash);
    }

    @Override
    public CompletionStage<Optional<Family>> findFamily(String accountId, UUID familyId) {
      return d.findFamily(accountId, familyId);
    }

    @Override
    public CompletionStage<Boolean> markUsed(RefreshToken token, String replacedBy) {
      return d.markUsed(token, replacedBy);
    }

    @Override
    public CompletionStage<Done> revokeFamily(String accountId, UUID familyId) {
      return d.revokeFamily(accountId, familyId);
    }

    @Override
    public CompletionStage<List<UUID>> families(String accountId) {
      return d.families(accountId);
    }

    @Override
    public CompletionStage<List<Session>> sessions(String accountId) {
      return d.sessions(accountId);
    }
  }
}

package io.reel.write.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 keys that sign access tokens, shared by every node through a {@link SigningKeyStore}.
 *
 * <p>Rotation is decided from creation times, so any node may do it: when the newest key is older
 * than {@code key-rotation}, the node claims the next generation with insert-if-not-exists; a node
 * that loses the race adopts the winner's key. A new key only starts signing {@code
 * key-refresh-interval} after it was created, so every node has loaded it (and can verify its
 * tokens) before the first token carrying its kid exists. A replaced key is kept for verification
 * until every token it may have signed has expired: {@code successor.createdAt +
 * key-refresh-interval + access-ttl + clock-skew}.
 */
public final class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  /** Unknown kids may come from an attacker: reload for them at most this often. */
  private static final Duration UNKNOWN_KID_RELOAD_GAP = Duration.ofSeconds(5);

  private final SigningKeyStore store;
  private final AuthSettings settings;
  private final Clock clock;
  private final AtomicReference<View> view = new AtomicReference<>(View.EMPTY);
  private final AtomicReference<CompletableFuture<View>> reloading = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<View>> rotating = new AtomicReference<>();
  private volatile Instant lastBackgroundReload = Instant.EPOCH;

  public SigningKeys(SigningKeyStore store, AuthSettings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /** Loads the keys now and then every {@code key-refresh-interval}. */
  public Cancellable start(ActorSystem<?> system) {
    reload();
    Duration every = settings.keyRefreshInterval();
    return system
        .scheduler()
        .scheduleWithFixedDelay(every, every, this::reloadLogged, system.executionContext());
  }

  private void reloadLogged() {
    reload()
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                log.warn("cannot reload signing keys; keeping the ones loaded: {}", e.toString());
              }
            });
  }

  /** The key to sign with now; loads and rotates first when due. */
  public CompletionStage<SigningKey> signingKey() {
    Instant now = clock.instant();
    View current = view.get();
    CompletionStage<View> fresh =
        current.isStale(now, settings.keyRefreshInterval())
            ? reload()
            : CompletableFuture.completedFuture(current);
    return fresh
        .thenCompose(
            v -> {
              Optional<SigningKey> newest = v.newest();
              if (newest.isEmpty()
                  || !now.isBefore(newest.get().createdAt().plus(settings.keyRotation()))) {
                return rotate(newest.map(k -> k.generation() + 1).orElse(1L));
              }
              return CompletableFuture.completedFuture(v);
            })
        .thenApply(v -> v.active(now, settings.keyRefreshInterval()));
  }

  /**
   * The public key for a kid if it may still verify tokens. An unknown kid schedules a reload (rate
   * limited) so a key another node just created is found soon; this call does not wait.
   */
  public Optional<ECKey> verificationKey(String kid) {
    Instant now = clock.instant();
    View v = view.get();
    if (v.isStale(now, settings.keyRefreshInterval())) {
      backgroundReload(now);
    }
    Optional<SigningKey> key = v.keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    if (key.isEmpty()) {
      backgroundReload(now);
      return Optional.empty();
    }
    return v.isVerifying(key.get(), now, settings.keyRetention())
        ? Optional.of(key.get().publicJwk())
        : Optional.empty();
  }

  /**
   * A reload that nobody waits for, at most once per {@link #UNKNOWN_KID_RELOAD_GAP}: unknown kids
   * may come from an attacker, and a store that is down should not get one query per request.
   */
  private void backgroundReload(Instant now) {
    Instant last = lastBackgroundReload;
    if (now.isBefore(last.plus(UNKNOWN_KID_RELOAD_GAP))) {
      return;
    }
    lastBackgroundReload = now;
    reloadLogged();
  }

  /** {@code {"keys":[...]}}: public parts of every key that may still verify a token. */
  public String jwksJson() {
    Instant now = clock.instant();
    View v = view.get();
    if (v.isStale(now, settings.keyRefreshInterval())) {
      backgroundReload(now);
    }
    List<JWK> keys =
        v.keys.stream()
            .filter(k -> v.isVerifying(k, now, settings.keyRetention()))
            .sorted(Comparator.comparingLong(SigningKey::generation).reversed())
            .map(k -> (JWK) k.publicJwk())
            .collect(Collectors.toList());
    return new JWKSet(keys).toString(true);
  }

  /** Reloads every key from the store and forgets retired ones. Concurrent calls share one load. */
  public CompletionStage<View> reload() {
    CompletableFuture<View> mine = new CompletableFuture<>();
    CompletableFuture<View> running = reloading.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    Instant started = clock.instant();
    store
        .loadAll()
        .whenComplete(
            (keys, e) -> {
              reloading.set(null);
              if (e != null) {
                mine.completeExceptionally(e);
                return;
              }
              View loaded = new View(sorted(keys), started);
              view.set(loaded);
              prune(loaded, started);
              mine.complete(loaded);
            });
    return mine;
  }

  private CompletionStage<View> rotate(long generation) {
    CompletableFuture<View> mine = new CompletableFuture<>();
    CompletableFuture<View> running = rotating.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    SigningKey candidate;
    try {
      candidate = generate(generation, clock.instant());
    } catch (JOSEException e) {
      rotating.set(null);
      mine.completeExceptionally(e);
      return mine;
    }
    store
        .insertIfAbsent(candidate)
        .thenCompose(
            winner -> {
              if (winner.kid().equals(candidate.kid())) {
                log.info("signing key rotated: generation {} kid {}", generation, winner.kid());
              }
              return reload();
            })
        .whenComplete(
            (v, e) -> {
              rotating.set(null);
              if (e != null) {
                mine.completeExceptionally(e);
              } else {
                mine.complete(v);
              }
            });
    return mine;
  }

  private void prune(View v, Instant now) {
    for (SigningKey k : v.keys) {
      // A grace period past retirement, so a node whose clock runs behind still finds the key.
      Optional<Instant> retired = v.retiredAt(k, settings.keyRetention());
      if (retired.isPresent() && !now.isBefore(retired.get().plus(settings.keyRefreshInterval()))) {
        store
            .delete(k.generation())
            .whenComplete(
                (d, e) -> {
                  if (e != null) {
                    log.warn("cannot delete retired signing key {}: {}", k.kid(), e.toString());
                  }
                });
      }
    }
  }

  static SigningKey generate(long generation, Instant createdAt) throws JOSEException {
    ECKey jwk =
        new ECKeyGenerator(Curve.P_256)
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.ES256)
            .keyIDFromThumbprint(true)
            .generate();
    return new SigningKey(generation, jwk.getKeyID(), createdAt, jwk);
  }

  private static List<SigningKey> sorted(List<SigningKey> keys) {
    return keys.stream()
        .sorted(Comparator.comparingLong(SigningKey::generation))
        .collect(Collectors.toUnmodifiableList());
  }

  /** An immutable snapshot of the loaded keys, oldest generation first. */
  public static final class View {
    static final View EMPTY = new View(List.of(), Instant.EPOCH);

    private final List<SigningKey> keys;
    private final Instant loadedAt;

    View(List<SigningKey> keys, Instant loadedAt) {
      this.keys = keys;
      this.loadedAt = loadedAt;
    }

    public List<SigningKey> keys() {
      return keys;
    }

    boolean isStale(Instant now, Duration refreshInterval) {
      return !now.isBefore(loadedAt.plus(refreshInterval));
    }

    Optional<SigningKey> newest() {
      return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(keys.size() - 1));
    }

    /** When a key stopped being needed: empty while it has no successor. */
    Optional<Instant> retiredAt(SigningKey k, Duration retention) {
      return keys.stream()
          .filter(s -> s.generation() > k.generation())
          .findFirst()
          .map(s -> s.createdAt().plus(retention));
    }

    boolean isVerifying(SigningKey k, Instant now, Duration retention) {
      return retiredAt(k, retention).map(now::isBefore).orElse(true);
    }

    /**
     * The newest key published long enough for every node to know it; the newest key when none is
     * (a brand-new cluster has nothing else to sign with).
     */
    SigningKey active(Instant now, Duration publishDelay) {
      for (int i = keys.size() - 1; i >= 0; i--) {
        if (!now.isBefore(keys.get(i).createdAt().plus(publishDelay))) {
          return keys.get(i);
        }
      }
      return newest().orElseThrow(() -> new IllegalStateException("no signing key"));
    }
  }
}

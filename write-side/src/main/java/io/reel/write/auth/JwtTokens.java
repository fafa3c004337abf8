package io.reel.write.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.reel.write.auth.RefreshTokenStore.Family;
import io.reel.write.auth.RefreshTokenStore.RefreshToken;
import io.reel.write.auth.RefreshTokenStore.Status;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Tokens} with ES256 JWT access tokens ({@code typ=at+jwt}, RFC 9068 style) and opaque,
 * rotating refresh tokens of which only the SHA-256 is stored.
 *
 * <p>Verification is explicit rather than left to a library default: the header must say exactly
 * {@code ES256} and {@code at+jwt} before any key is looked up, the key comes from our own key set
 * by kid only (never from the token: no {@code jwk}/{@code jku}/{@code x5u}), and issuer, audience,
 * expiry, not-before and issued-at are checked against the injected clock.
 */
public final class JwtTokens implements Tokens {

  private static final Logger log = LoggerFactory.getLogger(JwtTokens.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

  /** 32 random bytes, base64url without padding. */
  private static final Pattern REFRESH_FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** How long a verified access token is remembered (its times and key are checked on each use). */
  private static final java.time.Duration VERIFIED_FOR = java.time.Duration.ofSeconds(60);

  /** Longer than any token we issue; parsing stops before doing work on junk. */
  private static final int MAX_ACCESS_TOKEN_CHARS = 4096;

  private static final String REJECTED = "refresh token rejected";

  private static final String SESSION_CLAIM = "sid";
  private static final String ROLES_CLAIM = "roles";

  private final AuthSettings settings;
  private final SigningKeys keys;
  private final RefreshTokenStore store;
  private final Clock clock;
  private final RoleSource roles;

  /** Open sessions (refresh-token families) by id, as last read; revocations here go in at once. */
  private final AsyncCache<UUID, Boolean> liveSessions;

  /**
   * Access tokens whose signature, header, issuer and audience checked out, by the token's exact
   * text: verifying the ECDSA signature was a fifth of a home page's CPU (profiled), and a viewer's
   * app sends the same token with every request for its 10 minutes. Only what cannot change is
   * remembered: the times are checked against the clock and the key must still be one we verify
   * with on every use, and the session is checked by {@link #live} as before. Bounded in size and
   * in age ({@link #VERIFIED_FOR}).
   */
  private final Cache<String, Verified> verified =
      Caffeine.newBuilder().expireAfterWrite(VERIFIED_FOR).maximumSize(50_000).build();

  /** What a checked token said, with the times that must be checked on every use. */
  private record Verified(AccessClaims claims, String kid, Instant issuedAt, Instant notBefore) {}

  public JwtTokens(AuthSettings settings, SigningKeys keys, RefreshTokenStore store, Clock clock) {
    this(settings, keys, store, clock, RoleSource.VIEWERS_ONLY);
  }

  public JwtTokens(
      AuthSettings settings,
      SigningKeys keys,
      RefreshTokenStore store,
      Clock clock,
      RoleSource roles) {
    this.settings = settings;
    this.keys = keys;
    this.store = store;
    this.clock = clock;
    this.roles = roles;
    this.liveSessions =
        Caffeine.newBuilder()
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .expireAfterWrite(settings.sessionCheckTtl())
            .maximumSize(100_000)
            .buildAsync();
  }

  @Override
  public CompletionStage<TokenPair> issue(String accountId, String device) {
    if (accountId == null || accountId.isBlank()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("no account id"));
    }
    Instant now = now();
    Family family =
        new Family(
            accountId,
            UUID.randomUUID(),
            false,
            now,
            settings.familyMaxLifetime().map(now::plus),
            device == null || device.isBlank() ? DeviceLabel.UNKNOWN : device);
    return store
        .createFamily(family)
        .thenCompose(d -> roles.rolesOf(accountId))
        .thenCompose(r -> newPair(accountId, family.familyId(), r, family.expiresAt(), now));
  }

  @Override
  public CompletionStage<TokenPair> refresh(String refreshToken) {
    if (refreshToken == null || !REFRESH_FORMAT.matcher(refreshToken).matches()) {
      return rejected(false);
    }
    String hash = hash(refreshToken);
    Instant now = now();
    return store
        .find(hash)
        .thenCompose(
            found -> {
              if (found.isEmpty()) {
                return rejected(false);
              }
              RefreshToken t = found.get();
              if (t.status() == Status.USED) {
                return reuse(t);
              }
              if (t.status() != Status.ACTIVE || !now.isBefore(t.expiresAt())) {
                return rejected(false);
              }
              return store
                  .findFamily(t.accountId(), t.familyId())
                  .thenCompose(
                      family -> {
                        if (family.isEmpty()
                            || family.get().revoked()
                            || family.get().expiresAt().map(e -> !now.isBefore(e)).orElse(false)) {
                          return rejected(false);
                        }
                        return rotate(t, family.get(), now);
                      });
            });
  }

  private CompletionStage<TokenPair> rotate(RefreshToken used, Family family, Instant now) {
    String next = newRefreshToken();
    String nextHash = hash(next);
    Instant nextExpiry = refreshExpiry(now, family.expiresAt());
    RefreshToken row =
        new RefreshToken(
            nextHash,
            used.familyId(),
            used.accountId(),
            Status.ACTIVE,
            now,
            nextExpiry,
            Optional.empty());
    // Everything that can fail happens before the compare-and-set: the access token is signed and
    // the successor row stored first. If the compare-and-set then loses, the row is an orphan
    // nobody holds (and the family is revoked anyway); the other order could use up the presented
    // token without handing out its successor, and the client's retry would count as reuse.
    return roles
        .rolesOf(used.accountId())
        .thenCompose(r -> accessToken(used.accountId(), used.familyId(), r, now))
        .thenCompose(
            access ->
                store
                    .insert(row)
                    .thenCompose(d -> store.markUsed(used, nextHash))
                    .thenCompose(
                        won -> {
                          if (!won) {
                            // Another refresh of the same token got there first: a replay, or a
                            // client that sent it twice. Either way it was presented after use.
                            return reuse(used);
                          }
                          return CompletableFuture.completedFuture(
                              new TokenPair(access.token, access.expiresAt, next, nextExpiry));
                        }));
  }

  private CompletionStage<TokenPair> reuse(RefreshToken t) {
    log.warn("refresh token reused: revoking family {} of account {}", t.familyId(), t.accountId());
    return revokeFamily(t.accountId(), t.familyId()).thenCompose(d -> rejected(true));
  }

  @Override
  public CompletionStage<Done> revoke(String refreshToken) {
    if (refreshToken == null || !REFRESH_FORMAT.matcher(refreshToken).matches()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return store
        .find(hash(refreshToken))
        .thenCompose(
            found ->
                found
                    .map(t -> revokeFamily(t.accountId(), t.familyId()))
                    .orElseGet(() -> CompletableFuture.completedFuture(Done.getInstance())));
  }

  @Override
  public CompletionStage<Done> revokeAll(String accountId) {
    return store
        .families(accountId)
        .thenCompose(
            ids -> {
              CompletableFuture<?>[] all =
                  ids.stream()
                      .map(id -> revokeFamily(accountId, id).toCompletableFuture())
                      .toArray(CompletableFuture[]::new);
              return CompletableFuture.allOf(all).thenApply(v -> Done.getInstance());
            });
  }

  @Override
  public CompletionStage<List<SignInSession>> sessions(String accountId) {
    Instant now = now();
    return store
        .sessions(accountId)
        .thenApply(
            all ->
                all.stream()
                    .filter(s -> !s.revoked() && s.expiresAt().map(now::isBefore).orElse(true))
                    // A session whose last refresh token has run out cannot refresh any more.
                    .filter(s -> s.lastUsedAt().plus(settings.refreshTtl()).isAfter(now))
                    .sorted(Comparator.comparing(RefreshTokenStore.Session::lastUsedAt).reversed())
                    .map(
                        s ->
                            new SignInSession(
                                s.familyId(),
                                s.device().isEmpty() ? DeviceLabel.UNKNOWN : s.device(),
                                s.createdAt(),
                                s.lastUsedAt(),
                                s.expiresAt()))
                    .toList());
  }

  @Override
  public CompletionStage<Boolean> endSession(String accountId, UUID sessionId) {
    return store
        .findFamily(accountId, sessionId)
        .thenCompose(
            f ->
                f.isEmpty() || f.get().revoked()
                    ? CompletableFuture.completedFuture(false)
                    : revokeFamily(accountId, sessionId).thenApply(d -> true));
  }

  /** Revokes in the store, and at once in this node's cache (other nodes: within its TTL). */
  private CompletionStage<Done> revokeFamily(String accountId, UUID familyId) {
    liveSessions.put(familyId, CompletableFuture.completedFuture(false));
    return store.revokeFamily(accountId, familyId);
  }

  @Override
  public CompletionStage<Boolean> live(AccessClaims claims) {
    UUID session;
    try {
      session = UUID.fromString(claims.sessionId());
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(false);
    }
    return liveSessions.get(
        session,
        (id, executor) ->
            store
                .findFamily(claims.accountId(), id)
                .thenApply(
                    f ->
                        f.isPresent()
                            && !f.get().revoked()
                            && f.get().expiresAt().map(now()::isBefore).orElse(true))
                .toCompletableFuture());
  }

  @Override
  public Optional<AccessClaims> verify(String accessToken) {
    try {
      return Optional.ofNullable(check(accessToken));
    } catch (Exception | StackOverflowError e) {
      // Parse errors, bad keys, anything: a token we cannot fully check is not valid.
      return Optional.empty();
    }
  }

  private AccessClaims check(String token) throws Exception {
    if (token == null || token.length() > MAX_ACCESS_TOKEN_CHARS) {
      return null;
    }
    Verified known = verified.getIfPresent(token);
    if (known != null) {
      return inTime(known.claims().expiresAt(), known.issuedAt(), known.notBefore())
              && keys.verificationKey(known.kid()).isPresent()
          ? known.claims()
          : null;
    }
    Verified fresh = checkSignedToken(token);
    if (fresh == null) {
      return null;
    }
    verified.put(token, fresh);
    return fresh.claims();
  }

  private boolean inTime(Instant exp, Instant iat, Instant nbf) {
    Instant now = now();
    return exp != null
        && now.isBefore(exp.plus(settings.clockSkew()))
        && iat != null
        && !iat.isAfter(now.plus(settings.clockSkew()))
        && (nbf == null || !nbf.isAfter(now.plus(settings.clockSkew())));
  }

  private Verified checkSignedToken(String token) throws Exception {
    // SignedJWT.parse refuses alg=none (that is a PlainJWT), so only JWS headers get this far.
    SignedJWT jwt = SignedJWT.parse(token);
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())
        || !ACCESS_TOKEN_TYPE.equals(header.getType())
        || header.getKeyID() == null
        || header.getCriticalParams() != null) {
      return null;
    }
    Optional<ECKey> key = keys.verificationKey(header.getKeyID());
    if (key.isEmpty() || !jwt.verify(new ECDSAVerifier(key.get()))) {
      return null;
    }
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    Instant exp = instant(claims.getExpirationTime());
    Instant iat = instant(claims.getIssueTime());
    Instant nbf = instant(claims.getNotBeforeTime());
    String sub = claims.getSubject();
    String jti = claims.getJWTID();
    String sid = claims.getStringClaim(SESSION_CLAIM);
    List<String> granted = claims.getStringListClaim(ROLES_CLAIM);
    List<String> aud = claims.getAudience();
    boolean ok =
        settings.issuer().equals(claims.getIssuer())
            && aud != null
            && aud.contains(settings.audience())
            && sub != null
            && !sub.isBlank()
            && jti != null
            && sid != null
            && inTime(exp, iat, nbf);
    return ok
        ? new Verified(
            new AccessClaims(sub, jti, exp, sid, granted == null ? Set.of() : Set.copyOf(granted)),
            header.getKeyID(),
            iat,
            nbf)
        : null;
  }

  private CompletionStage<TokenPair> newPair(
      String accountId,
      UUID familyId,
      Set<String> granted,
      Optional<Instant> familyEnd,
      Instant now) {
    String refresh = newRefreshToken();
    Instant refreshExpiry = refreshExpiry(now, familyEnd);
    RefreshToken row =
        new RefreshToken(
            hash(refresh),
            familyId,
            accountId,
            Status.ACTIVE,
            now,
            refreshExpiry,
            Optional.empty());
    return store
        .insert(row)
        .thenCompose(d -> accessToken(accountId, familyId, granted, now))
        .thenApply(a -> new TokenPair(a.token, a.expiresAt, refresh, refreshExpiry));
  }

  private record Access(String token, Instant expiresAt) {}

  private CompletionStage<Access> accessToken(
      String accountId, UUID familyId, Set<String> granted, Instant now) {
    return keys.signingKey()
        .thenApply(
            key -> {
              Instant exp = now.plus(settings.accessTtl());
              JWTClaimsSet claims =
                  new JWTClaimsSet.Builder()
                      .issuer(settings.issuer())
                      .audience(settings.audience())
                      .subject(accountId)
                      .jwtID(UUID.randomUUID().toString())
                      .issueTime(Date.from(now))
                      .expirationTime(Date.from(exp))
                      .claim(SESSION_CLAIM, familyId.toString())
                      .claim(ROLES_CLAIM, granted.stream().sorted().toList())
                      .build();
              JWSHeader header =
                  new JWSHeader.Builder(JWSAlgorithm.ES256)
                      .type(ACCESS_TOKEN_TYPE)
                      .keyID(key.kid())
                      .build();
              SignedJWT jwt = new SignedJWT(header, claims);
              try {
                jwt.sign(new ECDSASigner(key.jwk()));
              } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign an access token", e);
              }
              return new Access(jwt.serialize(), exp);
            });
  }

  private Instant refreshExpiry(Instant now, Optional<Instant> familyEnd) {
    Instant byTtl = now.plus(settings.refreshTtl());
    return familyEnd.filter(end -> end.isBefore(byTtl)).orElse(byTtl);
  }

  /** JWT times are whole seconds; so are ours, so what we return matches what the token says. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }

  private static <T> CompletionStage<T> rejected(boolean reused) {
    return CompletableFuture.failedFuture(new TokenRejected(REJECTED, reused));
  }

  static String newRefreshToken() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  static String hash(String refreshToken) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(refreshToken.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

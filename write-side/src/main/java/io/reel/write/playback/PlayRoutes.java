package io.reel.write.playback;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.account.Profile;
import io.reel.domain.billing.Entitlement;
import io.reel.domain.media.MediaPackage;
import io.reel.domain.media.Rendition;
import io.reel.domain.playback.PlaybackCommand;
import io.reel.domain.playback.PlaybackState;
import io.reel.domain.playback.Qoe;
import io.reel.domain.playback.WatchPolicy;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.Rejection;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleState;
import io.reel.http.ClientAddress;
import io.reel.http.JsonRequests;
import io.reel.http.Problem;
import io.reel.http.Rejections;
import io.reel.http.auth.AccessTokens;
import io.reel.http.auth.AuthDirectives;
import io.reel.origin.token.EdgeTokens;
import io.reel.write.title.TitleReply;
import io.reel.write.title.TitleService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The play API: {@code POST /v1/play} checks who may watch what ({@link WatchPolicy}), opens a
 * session in the account's playback entity (which enforces the stream limit), picks an edge and
 * answers with manifest URLs carrying a signed edge token, the licence URL and the resume position.
 * The token grants only the renditions the plan allows and lives {@code reel.edge.token-ttl}
 * (minutes); heartbeats that send it back get a renewed one while the session is live and entitled.
 * Heartbeats and stop go to the same entity; a session id of another account is simply not found
 * there.
 */
public final class PlayRoutes {

  /**
   * @param pin the profile's PIN, to play a title above its maturity limit (grown-up profiles with
   *     a PIN only); null otherwise
   */
  public record PlayRequest(
      String profileId,
      String titleId,
      String deviceId,
      String deviceName,
      String region,
      String pin) {
    @Override
    public String toString() {
      return "PlayRequest[" + profileId + ", " + titleId + ", " + deviceId + "]";
    }
  }

  public record EdgeView(String region, String url) {}

  public record PlayResponse(
      String sessionId,
      String titleId,
      String profileId,
      String title,
      String hlsUrl,
      String dashUrl,
      String licenceUrl,
      String token,
      Instant tokenExpiresAt,
      double resumeAt,
      double durationSeconds,
      int maxHeight,
      int maxStreams,
      EdgeView edge,
      String heartbeatUrl,
      long heartbeatEverySeconds) {}

  /**
   * @param token the session's current edge token; when given, the answer carries a renewed one
   */
  public record HeartbeatRequest(Double positionSeconds, List<Qoe> qoe, String token) {}

  /**
   * @param token the renewed edge token (null when none was asked for): players put it in place of
   *     the old one in every edge and licence URL
   */
  public record HeartbeatResponse(
      String sessionId, boolean open, String token, Instant tokenExpiresAt) {}

  /** What the play API reads to decide; functions so that tests can give in-memory ones. */
  public record Lookups(
      Function<String, CompletionStage<Entitlement>> entitlement,
      BiFunction<String, String, CompletionStage<Optional<Profile>>> profile,
      TitleService titles,
      DeviceNames deviceNames,
      ProfilePins pins) {}

  /** The longest device name a player may send (it is stored sealed, so longer there). */
  static final int MAX_DEVICE_NAME = 100;

  /**
   * @param publicApiUrl the base URL players reach this API on (for the licence URL); blank means
   *     the one the play request came in on
   */
  public record Settings(
      Duration tokenTtl, Duration heartbeatEvery, String publicApiUrl, String defaultRegion) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final AccessTokens accessTokens;
  private final Lookups lookups;
  private final PlaybackService playback;
  private final EdgeTokens edgeTokens;
  private final EdgeDirectory edges;
  private final Settings settings;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final long maxBodyBytes;

  public PlayRoutes(
      AccessTokens accessTokens,
      Lookups lookups,
      PlaybackService playback,
      EdgeTokens edgeTokens,
      EdgeDirectory edges,
      Settings settings,
      ObjectMapper mapper,
      Clock clock,
      long maxBodyBytes) {
    this.accessTokens = accessTokens;
    this.lookups = lookups;
    this.playback = playback;
    this.edgeTokens = edgeTokens;
    this.edges = edges;
    this.settings = settings;
    this.mapper = mapper;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  public Route routes() {
    return pathPrefix(
        "v1",
        () ->
            AuthDirectives.authenticated(
                accessTokens,
                claims ->
                    concat(
                        path("play", () -> post(() -> play(claims.accountId()))),
                        pathPrefix(
                            "playback",
                            () ->
                                pathPrefix(
                                    "sessions",
                                    () ->
                                        pathPrefix(
                                            segment -> session(claims.accountId(), segment)))))));
  }

  private Route session(String account, String sessionId) {
    return concat(
        path(
            "heartbeat",
            () ->
                post(
                    () ->
                        body(
                            HeartbeatRequest.class,
                            req ->
                                answer(
                                    account,
                                    new PlaybackCommand.Heartbeat(
                                        sessionId,
                                        req.positionSeconds() == null ? -1 : req.positionSeconds(),
                                        req.qoe(),
                                        clock.instant()),
                                    ok -> renew(account, sessionId, req.token(), ok))))),
        path(
            "stop",
            () ->
                post(
                    () ->
                        body(
                            HeartbeatRequest.class,
                            req ->
                                answer(
                                    account,
                                    new PlaybackCommand.Stop(
                                        sessionId,
                                        req.positionSeconds() == null ? -1 : req.positionSeconds(),
                                        clock.instant()),
                                    ok ->
                                        ok(
                                            new HeartbeatResponse(
                                                sessionId, false, null, null)))))));
  }

  /**
   * The heartbeat's answer, with a renewed edge token when the player sent its current one. A token
   * is renewed only while the session is open in the entity (not stopped, replaced or expired), the
   * account is entitled, the profile still exists (a closed account has none), the plan still
   * allows the token's resolution, and the old token was minted by us for this very session. So a
   * session that ends stops getting segments at most {@code token-ttl} after its last renewal.
   */
  private Route renew(
      String account, String sessionId, String oldToken, PlaybackReply.Accepted ok) {
    PlaybackState.Session session = ok.state().sessions().get(sessionId);
    if (oldToken == null || session == null) {
      return ok(new HeartbeatResponse(sessionId, session != null, null, null));
    }
    if (!(edgeTokens.verifyIgnoringExpiry(oldToken) instanceof EdgeTokens.Verification.Valid v)
        || !v.grant().sessionId().equals(sessionId)
        || !v.grant().accountId().equals(account)) {
      return complete(
          Problem.response(
              StatusCodes.FORBIDDEN, "the token is not this session's: start playback again"));
    }
    EdgeTokens.Grant grant = v.grant();
    CompletionStage<Route> renewed =
        lookups
            .entitlement()
            .apply(account)
            .thenCombine(
                lookups.profile().apply(account, session.profileId()),
                (ent, profile) -> {
                  Instant now = clock.instant();
                  if (ent == null || !ent.allows(now)) {
                    return complete(
                        Problem.response(
                            StatusCodes.PAYMENT_REQUIRED,
                            "no active subscription: the session gets no new token"));
                  }
                  if (profile.isEmpty()) {
                    return complete(
                        Problem.response(
                            StatusCodes.FORBIDDEN, "the profile or account no longer exists"));
                  }
                  if (grant.maxHeight() > 0 && ent.maxHeight() < grant.maxHeight()) {
                    return complete(
                        Problem.response(
                            StatusCodes.FORBIDDEN,
                            "the plan no longer allows this resolution: start playback again"));
                  }
                  Instant expires = now.plus(settings.tokenTtl());
                  String token =
                      edgeTokens.mint(
                          sessionId,
                          account,
                          grant.prefix(),
                          expires,
                          grant.maxHeight(),
                          grant.renditions());
                  return ok(new HeartbeatResponse(sessionId, true, token, expires));
                });
    return onComplete(renewed, t -> t.isSuccess() ? t.get() : failure(t.failed().get()));
  }

  private Route play(String account) {
    return ClientAddress.extract(client -> play(account, client));
  }

  private Route play(String account, String client) {
    return body(
        PlayRequest.class,
        req -> {
          Optional<TitleId> title = parseTitle(req.titleId());
          if (title.isEmpty() || req.profileId() == null) {
            return complete(
                Problem.response(
                    StatusCodes.UNPROCESSABLE_ENTITY,
                    "the play request is invalid",
                    List.of("profileId and a numeric titleId are required")));
          }
          CompletableFuture<Entitlement> ent =
              lookups.entitlement().apply(account).toCompletableFuture();
          CompletableFuture<Optional<Profile>> prof =
              lookups.profile().apply(account, req.profileId()).toCompletableFuture();
          CompletableFuture<TitleState> state =
              lookups
                  .titles()
                  .ask(title.get(), new TitleCommand.Get())
                  .thenApply(r -> r instanceof TitleReply.Accepted a ? a.state() : TitleState.EMPTY)
                  .toCompletableFuture();
          CompletionStage<Route> decided =
              CompletableFuture.allOf(ent, prof, state)
                  .thenCompose(
                      x -> {
                        WatchPolicy.Verdict verdict =
                            WatchPolicy.decide(
                                ent.join(),
                                clock.instant(),
                                prof.join().orElse(null),
                                state.join());
                        if (verdict.denial() != WatchPolicy.Denial.MATURITY || req.pin() == null) {
                          return start(account, req, verdict);
                        }
                        // Above the limit with a PIN: unlocked for this play only.
                        Profile profile = prof.join().get();
                        return unlocked(account, client, req, profile)
                            .thenCompose(
                                refused ->
                                    refused.isPresent()
                                        ? done(refused.get())
                                        : start(
                                            account,
                                            req,
                                            WatchPolicy.decide(
                                                ent.join(),
                                                clock.instant(),
                                                profile.withMaturityLimit(MaturityRating.NR),
                                                state.join())));
                      });
          return onComplete(decided, t -> t.isSuccess() ? t.get() : failure(t.failed().get()));
        });
  }

  /**
   * Empty when the PIN unlocks the profile for this play; else the answer (403 wrong PIN or a kids
   * profile, 429 while the throttle holds this client back).
   */
  private CompletionStage<Optional<Route>> unlocked(
      String account, String client, PlayRequest req, Profile profile) {
    return lookups
        .pins()
        .unlock(account, profile.profileId(), req.pin(), client)
        .thenApply(
            result ->
                switch (result) {
                  case UNLOCKED -> Optional.<Route>empty();
                  case THROTTLED ->
                      Optional.of(
                          complete(
                              Problem.response(
                                  StatusCodes.TOO_MANY_REQUESTS,
                                  "too many wrong PINs; wait a little and try again")));
                  case REFUSED ->
                      Optional.of(
                          complete(
                              Problem.response(
                                  StatusCodes.FORBIDDEN,
                                  "this title's rating is above the profile's maturity limit, and"
                                      + " the PIN does not unlock it")));
                });
  }

  private CompletionStage<Route> start(
      String account, PlayRequest req, WatchPolicy.Verdict verdict) {
    if (!verdict.allowed()) {
      WatchPolicy.Denial d = verdict.denial();
      return done(complete(Problem.response(StatusCodes.get(d.status), d.message)));
    }
    String region =
        req.region() == null || req.region().isBlank() ? settings.defaultRegion() : req.region();
    Optional<EdgeDirectory.Edge> edge = edges.choose(region);
    Optional<String> edgeBase =
        edge.flatMap(e -> e.sameOrigin() ? edges.localUrl() : Optional.of(e.url()));
    if (edgeBase.isEmpty()) {
      return done(
          complete(
              Problem.response(
                  StatusCodes.SERVICE_UNAVAILABLE, "no streaming edge is available; retry soon")));
    }
    if (req.deviceName() == null
        || req.deviceName().isBlank()
        || req.deviceName().strip().length() > MAX_DEVICE_NAME) {
      return done(
          complete(
              Problem.response(
                  StatusCodes.UNPROCESSABLE_ENTITY,
                  "the play request is invalid",
                  List.of("deviceName is required, at most " + MAX_DEVICE_NAME + " characters"))));
    }
    return lookups
        .deviceNames()
        .seal(account, req.deviceName().strip())
        .thenCompose(
            sealedName ->
                start(account, req, verdict, edge.get().region(), edgeBase.get(), sealedName));
  }

  /** Starts the session with the device name already sealed. */
  private CompletionStage<Route> start(
      String account,
      PlayRequest req,
      WatchPolicy.Verdict verdict,
      String edgeRegion,
      String edgeUrl,
      String sealedName) {
    var media = verdict.media();
    String sessionId = newSessionId();
    PlaybackCommand.Start cmd =
        new PlaybackCommand.Start(
            sessionId,
            req.profileId(),
            req.titleId(),
            req.deviceId(),
            sealedName,
            media.durationSeconds(),
            verdict.maxStreams(),
            verdict.maxHeight(),
            clock.instant());
    return playback
        .ask(account, cmd)
        .thenCompose(
            reply -> {
              if (reply instanceof PlaybackReply.Rejected r) {
                // A full stream limit names the devices holding the streams: open their names.
                return openDeviceNames(account, r.rejection())
                    .thenApply(open -> complete(Rejections.response(open)));
              }
              double resumeAt = ((PlaybackReply.Accepted) reply).resumeAt();
              // Short-lived: heartbeats renew it while the session is live and entitled.
              Instant expires = clock.instant().plus(settings.tokenTtl());
              String prefix = media.location() + "/";
              String token =
                  edgeTokens.mint(
                      sessionId,
                      account,
                      prefix,
                      expires,
                      verdict.maxHeight(),
                      grantedRenditions(media, verdict.maxHeight()));
              String api =
                  settings.publicApiUrl().isBlank()
                      ? edges.apiUrl().orElseThrow()
                      : settings.publicApiUrl();
              String base = edgeUrl + "/edge/" + token + "/" + prefix;
              PlayResponse body =
                  new PlayResponse(
                      sessionId,
                      req.titleId(),
                      req.profileId(),
                      verdict.titleName(),
                      base + media.hlsManifest(),
                      base + media.dashManifest(),
                      api + "/licence/" + token,
                      token,
                      expires,
                      resumeAt,
                      media.durationSeconds(),
                      verdict.maxHeight(),
                      verdict.maxStreams(),
                      new EdgeView(edgeRegion, edgeUrl),
                      api + "/v1/playback/sessions/" + sessionId + "/heartbeat",
                      settings.heartbeatEvery().toSeconds());
              return CompletableFuture.completedFuture(
                  complete(StatusCodes.CREATED, body, Jackson.marshaller(mapper)));
            });
  }

  /** The rejection with each sealed device name in its details opened for the caller. */
  private CompletionStage<Rejection> openDeviceNames(String account, Rejection r) {
    List<CompletableFuture<String>> opened =
        r.details().stream()
            .map(
                d -> {
                  int space = d.indexOf(' ');
                  String label = space < 0 ? d : d.substring(0, space);
                  String rest = space < 0 ? "" : d.substring(space);
                  return lookups
                      .deviceNames()
                      .open(account, label)
                      .thenApply(name -> name + rest)
                      .toCompletableFuture();
                })
            .toList();
    return CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new))
        .thenApply(
            v ->
                new Rejection(
                    r.kind(), r.message(), opened.stream().map(CompletableFuture::join).toList()));
  }

  private Route answer(
      String account, PlaybackCommand command, Function<PlaybackReply.Accepted, Route> ok) {
    return onComplete(
        playback.ask(account, command),
        t -> {
          if (t.isFailure()) {
            return failure(t.failed().get());
          }
          PlaybackReply r = t.get();
          if (r instanceof PlaybackReply.Rejected rej) {
            return complete(Rejections.response(rej.rejection()));
          }
          return ok.apply((PlaybackReply.Accepted) r);
        });
  }

  private Route ok(Object body) {
    return complete(StatusCodes.OK, body, Jackson.marshaller(mapper));
  }

  private <T> Route body(Class<T> type, Function<T, Route> inner) {
    return withSizeLimit(
        maxBodyBytes, () -> entity(JsonRequests.unmarshaller(mapper, type), inner::apply));
  }

  private static Route failure(Throwable e) {
    Throwable cause =
        e instanceof java.util.concurrent.CompletionException && e.getCause() != null
            ? e.getCause()
            : e;
    return cause instanceof TimeoutException
        ? complete(Problem.response(StatusCodes.SERVICE_UNAVAILABLE, "playback is busy; retry"))
        : complete(Problem.response(StatusCodes.INTERNAL_SERVER_ERROR, "internal error"));
  }

  private static Optional<TitleId> parseTitle(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(TitleId.of(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String newSessionId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Audio and the video renditions no taller than the viewer may have. */
  static Set<String> grantedRenditions(MediaPackage media, int maxHeight) {
    Set<String> ids = new TreeSet<>();
    for (Rendition r : media.renditions()) {
      if (r.height() <= maxHeight) {
        ids.add(r.id());
      }
    }
    return ids;
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}

package io.reel.write.playback;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.account.Profile;
import io.reel.domain.billing.Entitlement;
import io.reel.domain.playback.PlaybackCommand;
import io.reel.domain.playback.Qoe;
import io.reel.domain.playback.WatchPolicy;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleState;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The play API: {@code POST /v1/play} checks who may watch what ({@link WatchPolicy}), opens a
 * session in the account's playback entity (which enforces the stream limit), picks an edge and
 * answers with manifest URLs carrying a signed edge token, the licence URL and the resume position.
 * Heartbeats and stop go to the same entity; a session id of another account is simply not found
 * there.
 */
public final class PlayRoutes {

  public record PlayRequest(
      String profileId, String titleId, String deviceId, String deviceName, String region) {}

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

  public record HeartbeatRequest(Double positionSeconds, List<Qoe> qoe) {}

  public record HeartbeatResponse(String sessionId, boolean open) {}

  /** What the play API reads to decide; functions so that tests can give in-memory ones. */
  public record Lookups(
      Function<String, CompletionStage<Entitlement>> entitlement,
      BiFunction<String, String, CompletionStage<Optional<Profile>>> profile,
      TitleService titles) {}

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
                                    ok ->
                                        ok(
                                            new HeartbeatResponse(
                                                sessionId,
                                                ok.state().sessions().containsKey(sessionId))))))),
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
                                    ok -> ok(new HeartbeatResponse(sessionId, false)))))));
  }

  private Route play(String account) {
    return extractUri(
        uri ->
            body(
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
                          .thenApply(
                              r ->
                                  r instanceof TitleReply.Accepted a ? a.state() : TitleState.EMPTY)
                          .toCompletableFuture();
                  CompletionStage<Route> decided =
                      CompletableFuture.allOf(ent, prof, state)
                          .thenCompose(
                              x ->
                                  start(
                                      account,
                                      req,
                                      uri,
                                      WatchPolicy.decide(
                                          ent.join(),
                                          clock.instant(),
                                          prof.join().orElse(null),
                                          state.join())));
                  return onComplete(
                      decided, t -> t.isSuccess() ? t.get() : failure(t.failed().get()));
                }));
  }

  private CompletionStage<Route> start(
      String account, PlayRequest req, Uri uri, WatchPolicy.Verdict verdict) {
    if (!verdict.allowed()) {
      WatchPolicy.Denial d = verdict.denial();
      return done(complete(Problem.response(StatusCodes.get(d.status), d.message)));
    }
    String region =
        req.region() == null || req.region().isBlank() ? settings.defaultRegion() : req.region();
    Optional<EdgeDirectory.Edge> edge = edges.choose(region);
    if (edge.isEmpty()) {
      return done(
          complete(
              Problem.response(
                  StatusCodes.SERVICE_UNAVAILABLE, "no streaming edge is available; retry soon")));
    }
    var media = verdict.media();
    String sessionId = newSessionId();
    PlaybackCommand.Start cmd =
        new PlaybackCommand.Start(
            sessionId,
            req.profileId(),
            req.titleId(),
            req.deviceId(),
            req.deviceName(),
            media.durationSeconds(),
            verdict.maxStreams(),
            verdict.maxHeight(),
            clock.instant());
    return playback
        .ask(account, cmd)
        .thenApply(
            reply -> {
              if (reply instanceof PlaybackReply.Rejected r) {
                return complete(Rejections.response(r.rejection()));
              }
              double resumeAt = ((PlaybackReply.Accepted) reply).resumeAt();
              // Long enough for the title plus pauses, never longer than the configured cap.
              Duration ttl =
                  min(
                      settings.tokenTtl(),
                      Duration.ofSeconds((long) media.durationSeconds()).plusHours(1));
              Instant expires = clock.instant().plus(ttl);
              String prefix = media.location() + "/";
              String token = edgeTokens.mint(sessionId, account, prefix, expires);
              String api =
                  settings.publicApiUrl().isBlank()
                      ? uri.scheme() + "://" + uri.host().address() + port(uri)
                      : settings.publicApiUrl();
              String edgeUrl = edge.get().sameOrigin() ? api : edge.get().url();
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
                      new EdgeView(edge.get().region(), edgeUrl),
                      api + "/v1/playback/sessions/" + sessionId + "/heartbeat",
                      settings.heartbeatEvery().toSeconds());
              return complete(StatusCodes.CREATED, body, Jackson.marshaller(mapper));
            });
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

  private static String port(Uri uri) {
    return uri.port() > 0 ? ":" + uri.port() : "";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}

package io.reel.write.account;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.account.AccountId;
import io.reel.http.ClientAddress;
import io.reel.http.JsonRequests;
import io.reel.http.Problem;
import io.reel.http.auth.AuthDirectives;
import io.reel.write.auth.DeviceLabel;
import io.reel.write.auth.Tokens;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The account and sign-in API. Only translates between HTTP and the {@link AccountUseCases}; the
 * outcome-to-status mapping lives in {@link #toRoute}.
 *
 * <p>The throttle's client is the one the gateway resolved ({@link ClientAddress}): the TCP peer,
 * or the right-most untrusted hop of a forwarded header that came from a configured trusted proxy.
 * A client-supplied {@code X-Forwarded-For} never picks a fresh identity per guess. A full Argon2
 * pool ({@code Overloaded}) answers 503 with {@code Retry-After} through the problem handlers.
 */
public final class AccountRoutes {

  public record SignUpRequest(String email, String password) {
    @Override
    public String toString() {
      return "SignUpRequest[]";
    }
  }

  public record TokenRequest(String token) {}

  public record EmailRequest(String email) {}

  public record ChangePasswordRequest(String currentPassword, String newPassword) {
    @Override
    public String toString() {
      return "ChangePasswordRequest[]";
    }
  }

  public record ResetRequest(String token, String newPassword) {
    @Override
    public String toString() {
      return "ResetRequest[]";
    }
  }

  /** One signed-in device; {@code current} for the session of the token that asked. */
  public record SessionView(
      String id,
      String device,
      Instant signedInAt,
      Instant lastUsedAt,
      Instant endsAt,
      boolean current) {
    static SessionView of(Tokens.SignInSession s, String callerSession) {
      return new SessionView(
          s.id().toString(),
          s.device(),
          s.signedInAt(),
          s.lastUsedAt(),
          s.endsAt().orElse(null),
          s.id().toString().equals(callerSession));
    }
  }

  public record SessionsResponse(List<SessionView> sessions) {}

  private static final String NO_SESSION = "no such session on this account";

  public record SignInResponse(
      String tokenType,
      String accessToken,
      Instant expiresAt,
      String refreshToken,
      Instant refreshExpiresAt) {}

  private final SignUp signUp;
  private final SignIn signIn;
  private final Passwords passwords;
  private final Profiles profiles;
  private final MyAccount myAccount;
  private final Tokens tokens;
  private final ObjectMapper mapper;
  private final long maxBodyBytes;

  public AccountRoutes(
      AccountUseCases accounts, Tokens tokens, ObjectMapper mapper, long maxBodyBytes) {
    this.signUp = accounts.signUp();
    this.signIn = accounts.signIn();
    this.passwords = accounts.passwords();
    this.profiles = accounts.profiles();
    this.myAccount = accounts.myAccount();
    this.tokens = tokens;
    this.mapper = mapper;
    this.maxBodyBytes = maxBodyBytes;
  }

  public Route routes() {
    return concat(
        pathPrefix(
            "accounts",
            () ->
                concat(
                    pathEnd(
                        () ->
                            post(
                                () ->
                                    withBody(
                                        SignUpRequest.class,
                                        r ->
                                            answer(
                                                signUp.signUp(r.email(), r.password()),
                                                StatusCodes.ACCEPTED)))),
                    path(
                        "verify",
                        () ->
                            post(
                                () ->
                                    withBody(
                                        TokenRequest.class,
                                        r ->
                                            answer(
                                                signUp.verifyEmail(r.token()),
                                                StatusCodes.NO_CONTENT)))),
                    pathPrefix(
                        "me",
                        () -> concat(pathPrefix("sessions", this::sessions), signedIn(this::me))))),
        pathPrefix(
            "auth",
            () ->
                concat(
                    path("signin", () -> post(this::signIn)),
                    pathPrefix(
                        "password",
                        () ->
                            concat(
                                pathEnd(
                                    () ->
                                        post(
                                            () ->
                                                signedIn(
                                                    id ->
                                                        withBody(
                                                            ChangePasswordRequest.class,
                                                            r -> changePassword(id, r))))),
                                path(
                                    "reset-request",
                                    () ->
                                        post(
                                            () ->
                                                withBody(
                                                    EmailRequest.class,
                                                    r ->
                                                        answer(
                                                            passwords.requestPasswordReset(
                                                                r.email()),
                                                            StatusCodes.ACCEPTED)))),
                                path(
                                    "reset",
                                    () ->
                                        post(
                                            () ->
                                                withBody(
                                                    ResetRequest.class,
                                                    r ->
                                                        answer(
                                                            passwords.resetPassword(
                                                                r.token(), r.newPassword()),
                                                            StatusCodes.NO_CONTENT)))))))));
  }

  private Route me(AccountId id) {
    return concat(
        pathEnd(
            () ->
                concat(
                    get(() -> answer(myAccount.me(id), StatusCodes.OK)),
                    delete(() -> answer(myAccount.close(id), StatusCodes.NO_CONTENT)))),
        pathPrefix(
            "profiles",
            () ->
                concat(
                    pathEnd(
                        () ->
                            concat(
                                get(() -> answer(profiles.profiles(id), StatusCodes.OK)),
                                post(
                                    () ->
                                        withBody(
                                            Profiles.ProfileInput.class,
                                            in ->
                                                answer(
                                                    profiles.addProfile(id, in),
                                                    StatusCodes.CREATED))))),
                    path(
                        PathMatchers.segment(),
                        profileId ->
                            concat(
                                patch(
                                    () ->
                                        withBody(
                                            Profiles.ProfileInput.class,
                                            in ->
                                                ClientAddress.extract(
                                                    client ->
                                                        answer(
                                                            profiles.updateProfile(
                                                                id, profileId, in, client),
                                                            StatusCodes.NO_CONTENT)))),
                                delete(
                                    () ->
                                        answer(
                                            profiles.removeProfile(id, profileId),
                                            StatusCodes.NO_CONTENT)))))));
  }

  private Route signIn() {
    return withBody(
        SignUpRequest.class,
        r ->
            ClientAddress.extract(
                client ->
                    optionalHeaderValueByName(
                        "User-Agent",
                        agent ->
                            answer(
                                signIn.signIn(
                                    r.email(),
                                    r.password(),
                                    client,
                                    DeviceLabel.of(agent.orElse(null))),
                                StatusCodes.OK))));
  }

  /**
   * The account's signed-in devices, and signing one of them out. Only the caller's own account
   * (from the token) is ever read; a session id of another account is not found, like an unknown
   * one.
   */
  private Route sessions() {
    return AuthDirectives.authenticated(
        tokens,
        claims ->
            concat(
                pathEnd(
                    () ->
                        get(
                            () ->
                                onSuccess(
                                    tokens.sessions(claims.accountId()),
                                    list ->
                                        respondWithHeader(
                                            CacheControl.create(CacheDirectives.NO_STORE),
                                            () ->
                                                complete(
                                                    StatusCodes.OK,
                                                    new SessionsResponse(
                                                        list.stream()
                                                            .map(
                                                                x ->
                                                                    SessionView.of(
                                                                        x, claims.sessionId()))
                                                            // The asking device first, the
                                                            // rest as they came.
                                                            .sorted(
                                                                Comparator.comparing(
                                                                    v -> !v.current()))
                                                            .toList()),
                                                    Jackson.marshaller(mapper)))))),
                path(
                    PathMatchers.segment(),
                    id -> delete(() -> endSession(claims.accountId(), id)))));
  }

  private Route endSession(String account, String id) {
    Optional<UUID> session = parseUuid(id);
    if (session.isEmpty()) {
      return complete(Problem.response(StatusCodes.NOT_FOUND, NO_SESSION));
    }
    return onSuccess(
        tokens.endSession(account, session.get()),
        ended ->
            ended
                ? complete(StatusCodes.NO_CONTENT)
                : complete(Problem.response(StatusCodes.NOT_FOUND, NO_SESSION)));
  }

  private static Optional<UUID> parseUuid(String id) {
    try {
      UUID u = UUID.fromString(id);
      // UUID.fromString accepts short groups ("1-1-1-1-1"); only the canonical form is an id.
      return u.toString().equalsIgnoreCase(id) ? Optional.of(u) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Route changePassword(AccountId id, ChangePasswordRequest r) {
    return ClientAddress.extract(
        client ->
            answer(
                passwords.changePassword(id, r.currentPassword(), r.newPassword(), client),
                StatusCodes.NO_CONTENT));
  }

  private Route signedIn(Function<AccountId, Route> inner) {
    return AuthDirectives.authenticated(
        tokens,
        claims ->
            AccountId.parse(claims.accountId())
                .map(inner)
                .orElseGet(
                    () ->
                        complete(
                            Problem.response(
                                StatusCodes.UNAUTHORIZED, "a valid access token is required"))));
  }

  private <T> Route withBody(Class<T> type, Function<T, Route> inner) {
    return withSizeLimit(
        maxBodyBytes, () -> entity(JsonRequests.unmarshaller(mapper, type), inner));
  }

  private Route answer(CompletionStage<AccountOutcome> stage, StatusCode ok) {
    return onSuccess(stage, o -> toRoute(o, ok, mapper));
  }

  /** Outcome to status: the one place this mapping lives (the operator routes use it too). */
  static Route toRoute(AccountOutcome o, StatusCode ok, ObjectMapper mapper) {
    if (o instanceof AccountOutcome.Ok) {
      return complete(ok);
    }
    if (o instanceof AccountOutcome.Me me) {
      return complete(StatusCodes.OK, me.account(), Jackson.marshaller(mapper));
    }
    if (o instanceof AccountOutcome.Profiles ps) {
      return complete(
          StatusCodes.OK,
          Map.<String, Object>of("profiles", ps.profiles()),
          Jackson.marshaller(mapper));
    }
    if (o instanceof AccountOutcome.SignedIn s) {
      Tokens.TokenPair p = s.tokens();
      return complete(
          StatusCodes.OK,
          new SignInResponse(
              "Bearer",
              p.accessToken(),
              p.accessExpiresAt(),
              p.refreshToken(),
              p.refreshExpiresAt()),
          Jackson.marshaller(mapper));
    }
    if (o instanceof AccountOutcome.Invalid i) {
      return complete(Problem.response(StatusCodes.BAD_REQUEST, i.message(), i.errors()));
    }
    if (o instanceof AccountOutcome.NotFound) {
      return complete(Problem.response(StatusCodes.NOT_FOUND, "not found"));
    }
    if (o instanceof AccountOutcome.Forbidden f) {
      return complete(Problem.response(StatusCodes.FORBIDDEN, f.message()));
    }
    if (o instanceof AccountOutcome.Conflict c) {
      return complete(Problem.response(StatusCodes.CONFLICT, c.message()));
    }
    if (o instanceof AccountOutcome.Unauthorized) {
      return complete(
          Problem.response(StatusCodes.UNAUTHORIZED, "the e-mail address or password is wrong"));
    }
    if (o instanceof AccountOutcome.Throttled t) {
      long seconds = Math.max(1, (t.retryAfter().toMillis() + 999) / 1000);
      return respondWithHeader(
          RawHeader.create("Retry-After", Long.toString(seconds)),
          () ->
              complete(
                  Problem.response(
                      StatusCodes.TOO_MANY_REQUESTS,
                      "too many failed sign-ins; retry after " + seconds + " s")));
    }
    return complete(Problem.response(StatusCodes.INTERNAL_SERVER_ERROR, "internal error"));
  }
}

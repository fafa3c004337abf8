package io.reel.write.personal;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.account.Profile;
import io.reel.domain.personal.PersonalCommand;
import io.reel.domain.personal.Rating;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleState;
import io.reel.http.JsonRequests;
import io.reel.http.Problem;
import io.reel.http.Rejections;
import io.reel.http.auth.AccessTokens;
import io.reel.http.auth.AuthDirectives;
import io.reel.write.title.TitleReply;
import io.reel.write.title.TitleService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A viewer's changes to one of their profiles (viewer, own profiles only; another account's profile
 * is 404):
 *
 * <pre>
 * PUT    /profiles/{profile}/list/{title}                  add to My List (idempotent)
 * DELETE /profiles/{profile}/list/{title}                  remove (idempotent)
 * PUT    /profiles/{profile}/ratings/{title}  {"rating": "down" | "up" | "love"}
 * DELETE /profiles/{profile}/ratings/{title}               take the rating back
 * DELETE /profiles/{profile}/continue-watching/{title}     "remove from row"
 * DELETE /profiles/{profile}/history/{title}               delete from viewing history
 * </pre>
 *
 * A title can be listed or rated only when it is published and within the profile's maturity limit
 * (else 404, as if it did not exist). Answers are 204; the read side's {@code GET}s on the same
 * paths show the result within a second or two.
 */
public final class PersonalRoutes {

  /** The body of a rating. */
  public record RateRequest(String rating) {}

  private final AccessTokens tokens;
  private final BiFunction<String, String, CompletionStage<Optional<Profile>>> profiles;
  private final TitleService titles;
  private final PersonalService personal;
  private final ObjectMapper mapper;
  private final long maxBodyBytes;
  private final Clock clock;

  /**
   * @param profiles the profile of an account by id, empty when the account has none by that id
   */
  public PersonalRoutes(
      AccessTokens tokens,
      BiFunction<String, String, CompletionStage<Optional<Profile>>> profiles,
      TitleService titles,
      PersonalService personal,
      ObjectMapper mapper,
      long maxBodyBytes,
      Clock clock) {
    this.tokens = tokens;
    this.profiles = profiles;
    this.titles = titles;
    this.personal = personal;
    this.mapper = mapper;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
  }

  public Route routes() {
    return pathPrefix(
        "profiles",
        () ->
            pathPrefix(
                PathMatchers.segment(),
                profile ->
                    concat(
                        path(
                            PathMatchers.segment("list").slash(PathMatchers.segment()),
                            title ->
                                concat(
                                    put(
                                        () ->
                                            visible(
                                                profile,
                                                title,
                                                now ->
                                                    new PersonalCommand.Add(
                                                        title, UUID.randomUUID().toString(), now))),
                                    delete(
                                        () ->
                                            owned(
                                                profile,
                                                title,
                                                now -> new PersonalCommand.Remove(title, now))))),
                        path(
                            PathMatchers.segment("ratings").slash(PathMatchers.segment()),
                            title ->
                                concat(
                                    put(() -> rate(profile, title)),
                                    delete(
                                        () ->
                                            owned(
                                                profile,
                                                title,
                                                now -> new PersonalCommand.Unrate(title, now))))),
                        path(
                            PathMatchers.segment("continue-watching").slash(PathMatchers.segment()),
                            title ->
                                delete(
                                    () ->
                                        owned(
                                            profile,
                                            title,
                                            now -> new PersonalCommand.Dismiss(title, now)))),
                        path(
                            PathMatchers.segment("history").slash(PathMatchers.segment()),
                            title ->
                                delete(
                                    () ->
                                        owned(
                                            profile,
                                            title,
                                            now ->
                                                new PersonalCommand.DeleteHistory(title, now)))))));
  }

  private Route rate(String profile, String title) {
    return withSizeLimit(
        maxBodyBytes,
        () ->
            entity(
                JsonRequests.unmarshaller(mapper, RateRequest.class),
                body -> {
                  Optional<Rating> rating = Rating.parse(body == null ? null : body.rating());
                  if (rating.isEmpty()) {
                    return complete(
                        Problem.response(
                            StatusCodes.UNPROCESSABLE_ENTITY,
                            "the rating is invalid",
                            List.of("rating must be down, up or love")));
                  }
                  return visible(
                      profile, title, now -> new PersonalCommand.Rate(title, rating.get(), now));
                }));
  }

  /** The command for a title the profile may see (published, within its maturity limit). */
  private Route visible(String profile, String title, Function<Instant, PersonalCommand> command) {
    return AuthDirectives.authenticated(
        tokens,
        claims ->
            withTitle(
                title,
                id -> {
                  CompletableFuture<Optional<Profile>> owner =
                      profiles.apply(claims.accountId(), profile).toCompletableFuture();
                  CompletableFuture<TitleState> state =
                      titles
                          .ask(id, new TitleCommand.Get())
                          .thenApply(
                              r ->
                                  r instanceof TitleReply.Accepted a ? a.state() : TitleState.EMPTY)
                          .toCompletableFuture();
                  CompletionStage<Route> decided =
                      owner.thenCombine(
                          state,
                          (p, s) -> {
                            if (p.isEmpty()) {
                              return noProfile(profile);
                            }
                            if (!(s instanceof TitleState.Live live)
                                || live.metadata()
                                        .maturityRating()
                                        .compareTo(p.get().maturityLimit())
                                    > 0) {
                              return complete(
                                  Problem.response(StatusCodes.NOT_FOUND, "no title " + title));
                            }
                            return send(claims.accountId(), profile, command);
                          });
                  return onComplete(
                      decided, t -> t.isSuccess() ? t.get() : failure(t.failed().get()));
                }));
  }

  /** The command for any title id: taking something back needs no look at the title. */
  private Route owned(String profile, String title, Function<Instant, PersonalCommand> command) {
    return AuthDirectives.authenticated(
        tokens,
        claims ->
            withTitle(
                title,
                id ->
                    onComplete(
                        profiles.apply(claims.accountId(), profile),
                        t ->
                            t.isFailure()
                                ? failure(t.failed().get())
                                : t.get().isEmpty()
                                    ? noProfile(profile)
                                    : send(claims.accountId(), profile, command))));
  }

  private Route send(String account, String profile, Function<Instant, PersonalCommand> command) {
    return onComplete(
        personal.ask(account, profile, command.apply(clock.instant())),
        t -> {
          if (t.isFailure()) {
            return failure(t.failed().get());
          }
          if (t.get() instanceof PersonalReply.Rejected r) {
            return complete(Rejections.response(r.rejection()));
          }
          return complete(StatusCodes.NO_CONTENT);
        });
  }

  private static Route withTitle(String title, Function<TitleId, Route> inner) {
    return TitleId.parse(title)
        .map(inner)
        .orElseGet(() -> complete(Problem.response(StatusCodes.NOT_FOUND, "no title " + title)));
  }

  private static Route noProfile(String profile) {
    return complete(
        Problem.response(StatusCodes.NOT_FOUND, "no profile " + profile + " on this account"));
  }

  /** Timeouts become 503 with Retry-After, anything else 500, in {@code ProblemHandlers}. */
  private static Route failure(Throwable e) {
    return failWith(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
  }
}

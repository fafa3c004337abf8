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
 * (else 404, as if it did not exist); taken off a row or out of the history only when it exists, so
 * a profile's rows are bounded by the catalog. The id is stored in its one written form. Answers
 * are 204; the read side's {@code GET}s on the same paths show the result within a second or two.
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
                                            as(
                                                profile,
                                                title,
                                                Need.VISIBLE,
                                                (t, now) ->
                                                    new PersonalCommand.Add(
                                                        t, UUID.randomUUID().toString(), now))),
                                    delete(
                                        () ->
                                            as(
                                                profile,
                                                title,
                                                Need.NOTHING,
                                                PersonalCommand.Remove::new)))),
                        path(
                            PathMatchers.segment("ratings").slash(PathMatchers.segment()),
                            title ->
                                concat(
                                    put(() -> rate(profile, title)),
                                    delete(
                                        () ->
                                            as(
                                                profile,
                                                title,
                                                Need.NOTHING,
                                                PersonalCommand.Unrate::new)))),
                        path(
                            PathMatchers.segment("continue-watching").slash(PathMatchers.segment()),
                            title ->
                                delete(
                                    () ->
                                        as(
                                            profile,
                                            title,
                                            Need.KNOWN,
                                            PersonalCommand.Dismiss::new))),
                        path(
                            PathMatchers.segment("history").slash(PathMatchers.segment()),
                            title ->
                                delete(
                                    () ->
                                        as(
                                            profile,
                                            title,
                                            Need.KNOWN,
                                            PersonalCommand.DeleteHistory::new))))));
  }

  /** What a command needs to know of its title before it is sent. */
  private enum Need {
    /** Nothing: taking something back works for any id. */
    NOTHING,
    /** The title exists (in any state): bounds a profile's rows by the catalog. */
    KNOWN,
    /** Published and within the profile's maturity limit. */
    VISIBLE
  }

  /**
   * Signed in (401), a title id (404), then the rest. The command gets the id in its one written
   * form ({@code 0042} is title {@code 42}), so the same title is always the same key.
   */
  private Route as(
      String profile,
      String title,
      Need need,
      BiFunction<String, Instant, PersonalCommand> command) {
    return AuthDirectives.authenticated(
        tokens,
        claims -> withTitle(title, id -> checked(claims.accountId(), profile, id, need, command)));
  }

  private Route rate(String profile, String title) {
    return AuthDirectives.authenticated(
        tokens,
        claims ->
            withTitle(
                title,
                id ->
                    withSizeLimit(
                        maxBodyBytes,
                        () ->
                            entity(
                                JsonRequests.unmarshaller(mapper, RateRequest.class),
                                body -> {
                                  Optional<Rating> rating =
                                      Rating.parse(body == null ? null : body.rating());
                                  if (rating.isEmpty()) {
                                    return complete(
                                        Problem.response(
                                            StatusCodes.UNPROCESSABLE_ENTITY,
                                            "the rating is invalid",
                                            List.of("rating must be down, up or love")));
                                  }
                                  return checked(
                                      claims.accountId(),
                                      profile,
                                      id,
                                      Need.VISIBLE,
                                      (t, now) -> new PersonalCommand.Rate(t, rating.get(), now));
                                }))));
  }

  /** The account's own profile (else 404) and, as {@code need} says, the title (else 404). */
  private Route checked(
      String account,
      String profile,
      TitleId id,
      Need need,
      BiFunction<String, Instant, PersonalCommand> command) {
    CompletableFuture<Optional<Profile>> owner =
        profiles.apply(account, profile).toCompletableFuture();
    CompletableFuture<TitleState> state =
        need == Need.NOTHING
            ? CompletableFuture.completedFuture(TitleState.EMPTY)
            : titles
                .ask(id, new TitleCommand.Get())
                .thenApply(r -> r instanceof TitleReply.Accepted a ? a.state() : TitleState.EMPTY)
                .toCompletableFuture();
    CompletionStage<Route> decided =
        owner.thenCombine(
            state,
            (p, s) -> {
              if (p.isEmpty()) {
                return noProfile(profile);
              }
              boolean found =
                  switch (need) {
                    case NOTHING -> true;
                    case KNOWN -> !(s instanceof TitleState.Empty);
                    case VISIBLE ->
                        s instanceof TitleState.Live live
                            && live.metadata().maturityRating().compareTo(p.get().maturityLimit())
                                <= 0;
                  };
              if (!found) {
                return complete(Problem.response(StatusCodes.NOT_FOUND, "no title " + id));
              }
              return send(account, profile, now -> command.apply(id.asString(), now));
            });
    return onComplete(decided, t -> t.isSuccess() ? t.get() : failure(t.failed().get()));
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

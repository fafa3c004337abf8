package io.reel.read;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.title.MaturityRating;
import io.reel.http.BoundedPool;
import io.reel.http.Problem;
import io.reel.http.auth.AccessTokens;
import io.reel.http.auth.AuthDirectives;
import io.reel.read.profiles.ProfileLimits;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** What every read route shares: who is asking (as which profile), page sizes, JSON answers. */
public final class ReadDirectives {

  private final AccessTokens tokens;
  private final ProfileLimits profiles;
  private final ObjectMapper mapper;
  private final Executor searchPool;

  /**
   * @param searchPool where index queries run (a bounded pool: when it is full the answer is 503
   *     with {@code Retry-After}, and the dispatchers stay free for everything else)
   */
  public ReadDirectives(
      AccessTokens tokens, ProfileLimits profiles, ObjectMapper mapper, Executor searchPool) {
    this.tokens = tokens;
    this.profiles = profiles;
    this.mapper = mapper;
    this.searchPool = searchPool;
  }

  /** {@code query} run on the search pool, its answer made by {@code inner}. */
  public <T> Route searched(Supplier<T> query, Function<T, Route> inner) {
    return onSuccess(BoundedPool.supply(searchPool, query), inner::apply);
  }

  /** The JSON of {@code query}, run on the search pool. */
  public <T> Route searched(Supplier<T> query) {
    return json(BoundedPool.supply(searchPool, query));
  }

  /**
   * NR (everything) for anonymous callers; with {@code ?profile=<id>}, the access token of that
   * profile's account is required (401 without) and the profile's maturity limit applies; a profile
   * of another account, or none, is 404.
   */
  public Route asProfile(Function<MaturityRating, Route> inner) {
    return parameterOptional(
        "profile",
        profile ->
            profile.isEmpty()
                ? inner.apply(MaturityRating.NR)
                : ownProfile(profile.get(), (account, limit) -> inner.apply(limit)));
  }

  /**
   * The access token of the account that has {@code profile} is required (401 without); another
   * account's profile, or none, is 404. {@code inner} gets the account id and the profile's limit.
   */
  public Route ownProfile(String profile, BiFunction<String, MaturityRating, Route> inner) {
    return AuthDirectives.authenticated(
        tokens,
        claims ->
            onSuccess(
                profiles.limitOf(claims.accountId(), profile),
                limit ->
                    limit
                        .map(l -> inner.apply(claims.accountId(), l))
                        .orElseGet(
                            () ->
                                complete(
                                    Problem.response(
                                        StatusCodes.NOT_FOUND,
                                        "no profile " + profile + " on this account")))));
  }

  /** {@code ?limit=}, 1 to {@code max}, {@code otherwise} when absent; 400 when out of range. */
  public Route limit(int otherwise, int max, Function<Integer, Route> inner) {
    return parameterOptional(
        "limit",
        text -> {
          int limit;
          try {
            limit = text.map(Integer::parseInt).orElse(otherwise);
          } catch (NumberFormatException e) {
            limit = -1;
          }
          if (limit < 1 || limit > max) {
            return complete(
                Problem.response(StatusCodes.BAD_REQUEST, "limit must be between 1 and " + max));
          }
          return inner.apply(limit);
        });
  }

  public <T> Route json(T value) {
    return complete(StatusCodes.OK, value, Jackson.marshaller(mapper));
  }

  public <T> Route json(CompletionStage<T> result) {
    return onSuccess(result, this::json);
  }

  /** A required, non-blank query parameter of at most {@code maxLength} characters. */
  public Route text(String name, int maxLength, Function<String, Route> inner) {
    return parameterOptional(
        name,
        value -> {
          Optional<String> v = value.map(String::strip).filter(s -> !s.isEmpty());
          if (v.isEmpty()) {
            return complete(Problem.response(StatusCodes.BAD_REQUEST, name + " is required"));
          }
          if (v.get().length() > maxLength) {
            return complete(
                Problem.response(
                    StatusCodes.BAD_REQUEST,
                    name + " is longer than " + maxLength + " characters"));
          }
          return inner.apply(v.get());
        });
  }
}

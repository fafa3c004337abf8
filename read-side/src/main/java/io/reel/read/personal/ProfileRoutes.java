package io.reel.read.personal;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import io.reel.domain.title.MaturityRating;
import io.reel.http.Problem;
import io.reel.read.Cursor;
import io.reel.read.ReadDirectives;
import io.reel.search.TitleSearch;
import io.reel.search.TitleSearch.Card;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A viewer's own rows (viewer, own profiles only; another account's profile is 404), each title
 * within the profile's maturity limit:
 *
 * <pre>
 * GET /profiles/{profile}/list?limit=&amp;cursor=             My List, newest first
 * GET /profiles/{profile}/continue-watching?limit=          in progress, last watched first
 * GET /profiles/{profile}/history?limit=&amp;cursor=          viewing history, newest first
 * GET /profiles/{profile}/ratings                           {"ratings": {"&lt;title&gt;": "up"}}
 * </pre>
 *
 * The changes ({@code PUT}/{@code DELETE} on the same paths) are the write side's; their effect
 * shows here once the personal projections have run, usually within a second or two.
 */
public final class ProfileRoutes {

  public static final int DEFAULT_PAGE = 20;
  public static final int MAX_PAGE = 100;

  public record ListItem(Card title, Instant addedAt) {}

  public record Progress(
      Card title,
      double positionSeconds,
      double durationSeconds,
      int percent,
      Instant lastWatched) {}

  public record HistoryItem(Card title, Instant lastWatched, int percent, boolean finished) {}

  public record Page<T>(List<T> items, String next) {}

  public record Ratings(Map<String, String> ratings) {}

  private final ProfileRowQueries rows;
  private final TitleSearch search;
  private final ReadDirectives read;

  public ProfileRoutes(ProfileRowQueries rows, TitleSearch search, ReadDirectives read) {
    this.rows = rows;
    this.search = search;
    this.read = read;
  }

  public Route routes() {
    return pathPrefix(
        "profiles",
        () ->
            pathPrefix(
                PathMatchers.segment(),
                profile ->
                    get(
                        () ->
                            concat(
                                path("list", () -> list(profile)),
                                path("continue-watching", () -> continueWatching(profile)),
                                path("history", () -> history(profile)),
                                path("ratings", () -> ratings(profile))))));
  }

  private Route list(String profile) {
    return pagedRows(
        profile,
        account -> rows.list(account, profile),
        ProfileRowQueries.Listed::titleId,
        ProfileRowQueries.Listed::addedAt,
        v -> new ListItem(v.card(), v.row().addedAt()));
  }

  private Route continueWatching(String profile) {
    return read.ownProfile(
        profile,
        (account, limit) ->
            read.limit(
                DEFAULT_PAGE,
                MAX_PAGE,
                size ->
                    onSuccess(
                        rows.watched(account, profile),
                        watched ->
                            read.searched(() -> Map.of("items", progress(watched, limit, size))))));
  }

  /** The titles in progress, last watched first, within {@code limit}. */
  public List<Progress> progress(
      List<ProfileRowQueries.Watched> watched, MaturityRating limit, int size) {
    return visible(
            watched.stream().filter(ProfileRowQueries.Watched::inProgress).toList(),
            ProfileRowQueries.Watched::titleId,
            limit)
        .stream()
        .limit(size)
        .map(
            v ->
                new Progress(
                    v.card(),
                    v.row().positionSeconds(),
                    v.row().durationSeconds(),
                    v.row().percent(),
                    v.row().lastWatched()))
        .toList();
  }

  private Route history(String profile) {
    return pagedRows(
        profile,
        account ->
            rows.watched(account, profile)
                .thenApply(w -> w.stream().filter(ProfileRowQueries.Watched::inHistory).toList()),
        ProfileRowQueries.Watched::titleId,
        ProfileRowQueries.Watched::lastWatched,
        v ->
            new HistoryItem(
                v.card(), v.row().lastWatched(), v.row().percent(), v.row().finished()));
  }

  /**
   * A keyset-paged page of a profile's rows, newest first: the rows whose titles the limit lets
   * through, each with its card.
   */
  private <R, O> Route pagedRows(
      String profile,
      Function<String, CompletionStage<List<R>>> rowsOf,
      Function<R, String> id,
      Function<R, Instant> at,
      Function<Visible<R>, O> view) {
    return paged(
        profile,
        (account, limit, size, cursor) ->
            onSuccess(
                rowsOf.apply(account),
                found ->
                    read.searched(
                        () ->
                            page(
                                visible(found, id, limit).stream()
                                    .map(v -> new Keyed<>(at.apply(v.row()), v.card().id(), v))
                                    .toList(),
                                cursor,
                                size,
                                view))));
  }

  private Route ratings(String profile) {
    return read.ownProfile(
        profile,
        (account, limit) ->
            onSuccess(
                rows.ratings(account, profile),
                all ->
                    read.searched(
                        () -> {
                          // Only titles the profile may see now (published, within its limit).
                          Map<String, String> out = new TreeMap<>();
                          for (Card c : search.cards(List.copyOf(all.keySet()), limit)) {
                            out.put(c.id(), all.get(c.id()).wire());
                          }
                          return new Ratings(out);
                        })));
  }

  // ---- plumbing ----------------------------------------------------------------------------

  /** A row with the card of its title. */
  public record Visible<R>(R row, Card card) {}

  /** The rows whose titles the limit lets through, in their order, with their cards. */
  public <R> List<Visible<R>> visible(
      List<R> rowList, Function<R, String> id, MaturityRating limit) {
    Map<String, Card> cards = new java.util.HashMap<>();
    for (Card c : search.cards(rowList.stream().map(id).toList(), limit)) {
      cards.put(c.id(), c);
    }
    List<Visible<R>> out = new ArrayList<>();
    for (R r : rowList) {
      Card c = cards.get(id.apply(r));
      if (c != null) {
        out.add(new Visible<>(r, c));
      }
    }
    return out;
  }

  /** A row's keyset position: newest first, then by title id. */
  private record Keyed<T>(Instant at, String id, T value) {
    boolean after(Instant cursorAt, String cursorId) {
      int c = cursorAt.compareTo(at);
      return c > 0 || (c == 0 && id.compareTo(cursorId) > 0);
    }
  }

  private static <T, O> Page<O> page(
      List<Keyed<T>> sorted, Optional<List<String>> cursor, int size, Function<T, O> view) {
    List<Keyed<T>> rest = sorted;
    if (cursor.isPresent()) {
      Instant at = Instant.ofEpochMilli(Long.parseLong(cursor.get().get(0)));
      String id = cursor.get().get(1);
      rest = sorted.stream().filter(k -> k.after(at, id)).toList();
    }
    List<Keyed<T>> page = rest.subList(0, Math.min(size, rest.size()));
    String next =
        rest.size() > size
            ? Cursor.encode(
                List.of(
                    Long.toString(page.get(page.size() - 1).at().toEpochMilli()),
                    page.get(page.size() - 1).id()))
            : null;
    return new Page<>(page.stream().map(k -> view.apply(k.value())).toList(), next);
  }

  private interface PagedRoute {
    Route apply(String account, MaturityRating limit, int size, Optional<List<String>> cursor);
  }

  /** Own profile, {@code ?limit=} and an optional {@code ?cursor=} (400 when not one of ours). */
  private Route paged(String profile, PagedRoute inner) {
    return read.ownProfile(
        profile,
        (account, limit) ->
            read.limit(
                DEFAULT_PAGE,
                MAX_PAGE,
                size ->
                    parameterOptional(
                        "cursor",
                        text -> {
                          if (text.isEmpty()) {
                            return inner.apply(account, limit, size, Optional.empty());
                          }
                          Optional<List<String>> c =
                              Cursor.decode(text.get(), 2).filter(ProfileRoutes::numericTime);
                          return c.isEmpty()
                              ? complete(
                                  Problem.response(StatusCodes.BAD_REQUEST, "cursor is invalid"))
                              : inner.apply(account, limit, size, c);
                        })));
  }

  private static boolean numericTime(List<String> parts) {
    return parts.get(0).matches("-?\\d{1,18}");
  }
}

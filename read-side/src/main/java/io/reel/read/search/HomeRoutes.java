package io.reel.read.search;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.reel.domain.personal.Rating;
import io.reel.domain.title.MaturityRating;
import io.reel.read.ReadDirectives;
import io.reel.read.personal.ProfileRoutes;
import io.reel.read.personal.ProfileRowQueries;
import io.reel.search.TitleSearch;
import io.reel.search.TitleSearch.Card;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The rows of a home page, in one answer, every row bounded by the profile's maturity limit:
 *
 * <pre>
 * GET /home?profile=...&amp;limit=20     (limit: titles per row)
 * </pre>
 *
 * Rows: trending (most played in the last {@link #TRENDING_DAYS} days, from playback events), new
 * arrivals (newest published), and the biggest genres under the limit (most played first). For a
 * profile, its own rows come first: continue watching (with progress) and My List; titles it gave a
 * thumbs down are left out of every row. Rows without a read model yet (top picks) are listed,
 * marked {@code pending}, with no titles.
 */
public final class HomeRoutes {

  public static final int TRENDING_DAYS = 7;
  public static final int GENRE_ROWS = 6;
  public static final int DEFAULT_ROW = 20;
  public static final int MAX_ROW = 50;

  /**
   * One row; {@code pending} rows have no read model yet and hold no titles. {@code progress} is
   * there for continue watching only: the position in each of its titles, in the same order.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Row(
      String id,
      String title,
      String kind,
      boolean pending,
      List<Card> titles,
      List<ProfileRoutes.Progress> progress) {}

  public record Home(String profile, List<Row> rows) {}

  /** What the profile's own rows are made of, read before the rows are built. */
  record Personal(
      List<ProfileRowQueries.Watched> watched,
      List<ProfileRowQueries.Listed> listed,
      Set<String> thumbsDown) {
    static final Personal NONE = new Personal(List.of(), List.of(), Set.of());
  }

  private final TitleSearch search;
  private final ProfileRowQueries personal;
  private final ProfileRoutes profiles;
  private final ReadDirectives read;

  public HomeRoutes(
      TitleSearch search, ProfileRowQueries personal, ProfileRoutes profiles, ReadDirectives read) {
    this.search = search;
    this.personal = personal;
    this.profiles = profiles;
    this.read = read;
  }

  public Route routes() {
    return path(
        "home",
        () ->
            get(
                () ->
                    read.limit(
                        DEFAULT_ROW,
                        MAX_ROW,
                        size ->
                            parameterOptional(
                                "profile",
                                profile ->
                                    profile.isEmpty()
                                        ? read.searched(
                                            () ->
                                                new Home(null, rows(MaturityRating.NR, size, null)))
                                        : read.ownProfile(
                                            profile.get(),
                                            (account, max) ->
                                                onSuccess(
                                                    personal(account, profile.get()),
                                                    mine ->
                                                        read.searched(
                                                            () ->
                                                                new Home(
                                                                    profile.get(),
                                                                    rows(max, size, mine)))))))));
  }

  private java.util.concurrent.CompletionStage<Personal> personal(String account, String profile) {
    CompletableFuture<List<ProfileRowQueries.Watched>> watched =
        personal.watched(account, profile).toCompletableFuture();
    CompletableFuture<List<ProfileRowQueries.Listed>> listed =
        personal.list(account, profile).toCompletableFuture();
    CompletableFuture<Map<String, Rating>> ratings =
        personal.ratings(account, profile).toCompletableFuture();
    return CompletableFuture.allOf(watched, listed, ratings)
        .thenApply(
            x ->
                new Personal(
                    watched.join(),
                    listed.join(),
                    ratings.join().entrySet().stream()
                        .filter(e -> e.getValue() == Rating.DOWN)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toUnmodifiableSet())));
  }

  /**
   * @param mine the profile's own rows, null for an anonymous home page
   */
  List<Row> rows(MaturityRating max, int size, Personal mine) {
    Set<String> hidden = mine == null ? Set.of() : mine.thumbsDown();
    // Ask for more than a row holds when some titles will be left out.
    int ask = size + Math.min(hidden.size(), MAX_ROW);
    List<Row> rows = new ArrayList<>();
    if (mine != null) {
      List<ProfileRoutes.Progress> progress =
          profiles.progress(
              mine.watched().stream().filter(w -> !hidden.contains(w.titleId())).toList(),
              max,
              size);
      rows.add(
          new Row(
              "continue-watching",
              "Continue watching",
              "personal",
              false,
              progress.stream().map(ProfileRoutes.Progress::title).toList(),
              progress));
    }
    rows.add(
        row(
            "trending",
            "Trending now",
            "trending",
            search.trending(max, TRENDING_DAYS, ask),
            hidden,
            size));
    rows.add(row("new", "New arrivals", "new", search.newest(max, ask), hidden, size));
    if (mine != null) {
      rows.add(
          row(
              "my-list",
              "My List",
              "personal",
              search.cards(
                  mine.listed().stream().map(ProfileRowQueries.Listed::titleId).toList(), max),
              Set.of(),
              size));
      rows.add(new Row("top-picks", "Top picks for you", "personal", true, List.of(), null));
    }
    search.genres(max).stream()
        .limit(GENRE_ROWS)
        .forEach(
            g ->
                rows.add(
                    row(
                        "genre:" + g.value(),
                        g.value(),
                        "genre",
                        search.genre(g.value(), max, ask),
                        hidden,
                        size)));
    return rows;
  }

  private static Row row(
      String id, String title, String kind, List<Card> cards, Set<String> hidden, int size) {
    return new Row(
        id,
        title,
        kind,
        false,
        cards.stream().filter(c -> !hidden.contains(c.id())).limit(size).toList(),
        null);
  }
}

package io.reel.read.search;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.reel.domain.personal.Rating;
import io.reel.domain.title.MaturityRating;
import io.reel.read.ReadDirectives;
import io.reel.read.personal.ProfileRoutes;
import io.reel.read.personal.ProfileRowQueries;
import io.reel.read.recommend.Recommendations;
import io.reel.recommend.Interaction;
import io.reel.search.TitleSearch;
import io.reel.search.TitleSearch.Card;
import java.util.ArrayList;
import java.util.List;
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
 * profile, its own rows too: continue watching (with {@code progress}), My List, top picks and
 * "because you watched" (each title with {@code why}, its reason in words); titles it gave a thumbs
 * down are left out of every row.
 */
public final class HomeRoutes {

  public static final int TRENDING_DAYS = 7;
  public static final int GENRE_ROWS = 6;
  public static final int DEFAULT_ROW = 20;
  public static final int MAX_ROW = 50;

  /**
   * One row. {@code progress} is there for continue watching only (the position in each of its
   * titles, in the same order); {@code why} for recommended rows only (each title's reason).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Row(
      String id,
      String title,
      String kind,
      List<Card> titles,
      List<ProfileRoutes.Progress> progress,
      List<String> why) {}

  public record Home(String profile, List<Row> rows) {}

  /** What the profile's own rows are made of, read before the rows are built. */
  record Personal(
      String user,
      List<ProfileRowQueries.Watched> watched,
      List<ProfileRowQueries.Listed> listed,
      List<ProfileRowQueries.RatedTitle> rated) {

    Set<String> thumbsDown() {
      return rated.stream()
          .filter(r -> r.rating() == Rating.DOWN)
          .map(ProfileRowQueries.RatedTitle::titleId)
          .collect(Collectors.toUnmodifiableSet());
    }

    List<Interaction> history() {
      return Recommendations.history(user, watched, rated, listed);
    }
  }

  private final TitleSearch search;
  private final ProfileRowQueries personal;
  private final ProfileRoutes profiles;
  private final Recommendations recommendations;
  private final ReadDirectives read;

  public HomeRoutes(
      TitleSearch search,
      ProfileRowQueries personal,
      ProfileRoutes profiles,
      Recommendations recommendations,
      ReadDirectives read) {
    this.search = search;
    this.personal = personal;
    this.profiles = profiles;
    this.recommendations = recommendations;
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
    CompletableFuture<List<ProfileRowQueries.RatedTitle>> rated =
        personal.rated(account, profile).toCompletableFuture();
    return CompletableFuture.allOf(watched, listed, rated)
        .thenApply(
            x ->
                new Personal(account + ":" + profile, watched.join(), listed.join(), rated.join()));
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
              progress.stream().map(ProfileRoutes.Progress::title).toList(),
              progress,
              null));
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
      List<Interaction> history = mine.history();
      rows.add(
          suggested(
              "top-picks",
              "Top picks for you",
              recommendations.topPicks(mine.user(), history, max, size)));
      recommendations
          .becauseYouWatched(mine.user(), history, max, size)
          .ifPresent(
              b ->
                  rows.add(
                      suggested(
                          "because-you-watched:" + b.anchor().id(),
                          "Because you watched " + b.anchor().title(),
                          b.titles())));
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
        cards.stream().filter(c -> !hidden.contains(c.id())).limit(size).toList(),
        null,
        null);
  }

  private static Row suggested(String id, String title, List<Recommendations.Suggested> picks) {
    return new Row(
        id,
        title,
        "recommended",
        picks.stream().map(Recommendations.Suggested::title).toList(),
        null,
        picks.stream().map(Recommendations.Suggested::why).toList());
  }
}

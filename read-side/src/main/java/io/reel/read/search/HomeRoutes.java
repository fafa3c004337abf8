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
 * Rows: ready to play (titles with a packaged video, most played first; on a catalog that is mostly
 * metadata, as a local one is, what can be played at once), trending (most played in the last
 * {@link #TRENDING_DAYS} days, from playback events), new arrivals (newest published), and the
 * biggest genres under the limit (most played first); these are shared by every caller under the
 * same limit and at most {@link #SHARED_FOR} old. For a profile, its own rows too: continue
 * watching (with {@code progress}), My List, top picks and "because you watched" (each title with
 * {@code why}, its reason in words); titles it gave a thumbs down are left out of every row but My
 * List (which holds what the viewer put there).
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
    Shared everyone = shared(max, size);
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
    if (!everyone.playable().isEmpty()) {
      rows.add(row("playable", "Ready to play", "playable", everyone.playable(), hidden, size));
    }
    rows.add(row("trending", "Trending now", "trending", everyone.trending(), hidden, size));
    rows.add(row("new", "New arrivals", "new", everyone.newest(), hidden, size));
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
    everyone
        .genres()
        .forEach(
            (genre, cards) -> rows.add(row("genre:" + genre, genre, "genre", cards, hidden, size)));
    return rows;
  }

  /**
   * The rows everyone under a limit shares, as the index held them at most {@link #SHARED_FOR} ago:
   * a home page costs its profile's own rows, not a dozen index queries. Each row holds {@link
   * #SPARE} titles more than asked, for the titles a profile's thumbs down leaves out.
   */
  record Shared(
      List<Card> playable,
      List<Card> trending,
      List<Card> newest,
      java.util.LinkedHashMap<String, List<Card>> genres) {}

  static final java.time.Duration SHARED_FOR = java.time.Duration.ofSeconds(5);
  static final int SPARE = 20;

  private record SharedKey(MaturityRating limit, int size) {}

  private record Held(Shared rows, long at) {}

  private final java.util.Map<SharedKey, Held> shared =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Shared shared(MaturityRating max, int size) {
    SharedKey key = new SharedKey(max, size);
    long now = System.nanoTime();
    Held held = shared.get(key);
    if (held != null && now - held.at() < SHARED_FOR.toNanos()) {
      return held.rows();
    }
    int ask = size + SPARE;
    java.util.LinkedHashMap<String, List<Card>> genres = new java.util.LinkedHashMap<>();
    search.genres(max).stream()
        .limit(GENRE_ROWS)
        .forEach(g -> genres.put(g.value(), search.genre(g.value(), max, ask)));
    Shared rows =
        new Shared(
            search.playable(max, ask),
            search.trending(max, TRENDING_DAYS, ask),
            search.newest(max, ask),
            genres);
    // Bounded by the limits (6) times the row sizes (1..MAX_ROW).
    shared.put(key, new Held(rows, now));
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

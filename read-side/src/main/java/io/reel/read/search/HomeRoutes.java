package io.reel.read.search;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import io.reel.domain.title.MaturityRating;
import io.reel.read.ReadDirectives;
import io.reel.search.TitleSearch;
import java.util.ArrayList;
import java.util.List;
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
 * profile the personal rows (continue watching, my list, top picks) are listed too, marked {@code
 * pending} with no titles until their read models exist.
 */
public final class HomeRoutes {

  public static final int TRENDING_DAYS = 7;
  public static final int GENRE_ROWS = 6;
  public static final int DEFAULT_ROW = 20;
  public static final int MAX_ROW = 50;

  /** One row; {@code pending} rows have no read model yet and hold no titles. */
  public record Row(
      String id, String title, String kind, boolean pending, List<TitleSearch.Card> titles) {}

  public record Home(String profile, List<Row> rows) {}

  private final TitleSearch search;
  private final ReadDirectives read;

  public HomeRoutes(TitleSearch search, ReadDirectives read) {
    this.search = search;
    this.read = read;
  }

  public Route routes() {
    return path(
        "home",
        () ->
            get(
                () ->
                    parameterOptional(
                        "profile",
                        profile ->
                            read.asProfile(
                                max ->
                                    read.limit(
                                        DEFAULT_ROW,
                                        MAX_ROW,
                                        size ->
                                            read.searched(
                                                () ->
                                                    new Home(
                                                        profile.orElse(null),
                                                        rows(max, size, profile.isPresent()))))))));
  }

  List<Row> rows(MaturityRating max, int size, boolean personal) {
    List<Row> rows = new ArrayList<>();
    if (personal) {
      rows.add(pending("continue-watching", "Continue watching"));
    }
    rows.add(
        new Row(
            "trending",
            "Trending now",
            "trending",
            false,
            search.trending(max, TRENDING_DAYS, size)));
    rows.add(new Row("new", "New arrivals", "new", false, search.newest(max, size)));
    if (personal) {
      rows.add(pending("my-list", "My List"));
      rows.add(pending("top-picks", "Top picks for you"));
    }
    search.genres(max).stream()
        .limit(GENRE_ROWS)
        .forEach(
            g ->
                rows.add(
                    new Row(
                        "genre:" + g.value(),
                        g.value(),
                        "genre",
                        false,
                        search.genre(g.value(), max, size))));
    return rows;
  }

  private static Row pending(String id, String title) {
    return new Row(id, title, "personal", true, List.of());
  }
}

package io.reel.read.search;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import io.reel.domain.title.MaturityRating;
import io.reel.http.Problem;
import io.reel.read.ReadDirectives;
import io.reel.search.TitleFields;
import io.reel.search.TitleSearch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Search over the title index, anonymous or as a profile (whose maturity limit then bounds results,
 * facet counts and suggestions):
 *
 * <pre>
 * GET /search?q=interstelar&amp;genre=Drama&amp;decade=2010s&amp;rating=PG-13&amp;limit=20&amp;cursor=...&amp;profile=...
 * GET /search/suggest?q=inte&amp;limit=8&amp;profile=...
 * </pre>
 */
public final class SearchRoutes {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 50;
  public static final int DEFAULT_SUGGESTIONS = 8;
  public static final int MAX_SUGGESTIONS = 20;
  public static final int MAX_QUERY = 200;

  /**
   * A result as the API shows it: the title (with its poster path and whether it plays, as on a
   * card), some cast, and why it matched.
   */
  public record Result(
      String id,
      String title,
      int year,
      String maturityRating,
      List<String> genres,
      String poster,
      boolean playable,
      List<String> cast,
      Map<String, String> highlights) {}

  public record Answer(
      String query,
      long total,
      List<Result> results,
      Map<String, List<TitleSearch.FacetCount>> facets,
      String next) {}

  private final TitleSearch search;
  private final ReadDirectives read;

  public SearchRoutes(TitleSearch search, ReadDirectives read) {
    this.search = search;
    this.read = read;
  }

  public Route routes() {
    return pathPrefix(
        "search",
        () ->
            get(
                () ->
                    read.asProfile(
                        max ->
                            concat(
                                pathEnd(() -> search(max)), path("suggest", () -> suggest(max))))));
  }

  private Route search(MaturityRating max) {
    return read.text(
        "q",
        MAX_QUERY,
        q ->
            read.limit(
                DEFAULT_LIMIT,
                MAX_LIMIT,
                limit ->
                    filters(
                        filters ->
                            parameterOptional(
                                "cursor",
                                cursor -> {
                                  if (cursor.isPresent() && !TitleSearch.isCursor(cursor.get())) {
                                    return bad("cursor is not one this search issued");
                                  }
                                  return read.searched(
                                      () ->
                                          answer(q, search.search(q, filters, max, limit, cursor)));
                                }))));
  }

  private static Answer answer(String q, TitleSearch.Results r) {
    return new Answer(
        q, r.total(), r.hits().stream().map(SearchRoutes::result).toList(), r.facets(), r.next());
  }

  private static Result result(TitleSearch.Hit h) {
    TitleSearch.Card c = h.title();
    return new Result(
        c.id(),
        c.title(),
        c.year(),
        c.maturityRating(),
        c.genres(),
        c.poster(),
        c.playable(),
        h.cast(),
        h.highlights());
  }

  private Route filters(Function<TitleSearch.Filters, Route> inner) {
    return parameterOptional(
        "genre",
        genre ->
            parameterOptional(
                "decade",
                decade ->
                    parameterOptional(
                        "rating",
                        rating -> {
                          if (genre.isPresent() && genre.get().length() > 200) {
                            return bad("genre is longer than 200 characters");
                          }
                          Optional<String> d = decade.map(SearchRoutes::decade);
                          if (d.isPresent() && d.get().isEmpty()) {
                            return bad("decade is a year ending in 0, such as 1990 or 1990s");
                          }
                          Optional<MaturityRating> r = rating.flatMap(MaturityRating::parse);
                          if (rating.isPresent() && r.isEmpty()) {
                            return bad("rating is one of G, PG, PG-13, R, NC-17, NR");
                          }
                          return inner.apply(
                              new TitleSearch.Filters(genre.map(String::strip), d, r));
                        })));
  }

  /** "1990" or "1990s" as the index's label, or empty text when it is not a decade. */
  static String decade(String text) {
    String digits = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
    try {
      int year = Integer.parseInt(digits);
      return year >= 1800 && year <= 2100 && year % 10 == 0 ? TitleFields.decade(year) : "";
    } catch (NumberFormatException e) {
      return "";
    }
  }

  private Route suggest(MaturityRating max) {
    return read.text(
        "q",
        MAX_QUERY,
        q ->
            read.limit(
                DEFAULT_SUGGESTIONS,
                MAX_SUGGESTIONS,
                limit -> read.searched(() -> search.suggest(q, max, limit))));
  }

  private static Route bad(String detail) {
    return complete(Problem.response(StatusCodes.BAD_REQUEST, detail));
  }
}

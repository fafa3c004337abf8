package io.reel.read.catalog;

import static io.reel.read.catalog.CatalogQueries.allows;
import static org.apache.pekko.http.javadsl.server.Directives.*;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.TitleId;
import io.reel.http.Problem;
import io.reel.read.ReadDirectives;
import io.reel.search.TitleSearch;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The public browse API over the catalog read model:
 *
 * <pre>
 * GET /catalog/titles/{id}
 * GET /catalog/genres
 * GET /catalog/genres/{genre}/titles?limit=20&amp;cursor=...
 * GET /catalog/decades/{decade}/titles?limit=20&amp;cursor=...
 * GET /catalog/newest?limit=20
 * </pre>
 *
 * Genre counts come from the search index's facets (a read model kept by its feed), never from
 * counting rows at query time. Anonymous callers browse the whole published catalog. With {@code
 * ?profile=<id>} and that profile's account's access token, every answer (titles, pages, newest,
 * genre counts) leaves out titles rated above the profile's maturity limit, and such a title's page
 * is not found: what a viewer app asks for a kids profile. A profile of another account, or none,
 * is 404; the profile parameter without a token is 401.
 */
public final class CatalogRoutes {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  private final CatalogQueries queries;
  private final TitleSearch search;
  private final ReadDirectives read;
  private final ObjectMapper mapper;

  public CatalogRoutes(
      CatalogQueries queries, TitleSearch search, ReadDirectives read, ObjectMapper mapper) {
    this.queries = queries;
    this.search = search;
    this.read = read;
    this.mapper = mapper;
  }

  public Route routes() {
    return pathPrefix("catalog", () -> get(() -> read.asProfile(this::catalog)));
  }

  private Route catalog(MaturityRating max) {
    return concat(
        path(segment("titles").slash(PathMatchers.segment()), id -> title(id, max)),
        path(
            "genres",
            () ->
                read.searched(
                    () ->
                        search.genres(max).stream()
                            .map(g -> new CatalogViews.GenreCount(g.value(), g.count()))
                            .toList())),
        path(
            segment("genres").slash(PathMatchers.segment()).slash("titles"),
            genre ->
                paged(
                    max,
                    (limit, cursor) ->
                        genre.length() > 200
                            ? Optional.empty()
                            : queries.byGenre(genre, limit, cursor))),
        path(
            segment("decades").slash(PathMatchers.segment()).slash("titles"),
            text -> decade(text, max)),
        path(
            "newest",
            () ->
                read.limit(
                    DEFAULT_LIMIT,
                    MAX_LIMIT,
                    limit ->
                        read.json(
                            queries
                                .newest(limit)
                                .thenApply(
                                    list ->
                                        list.stream()
                                            .filter(t -> allows(max, t.maturityRating()))
                                            .toList())))));
  }

  private Route title(String idText, MaturityRating max) {
    Optional<TitleId> id = TitleId.parse(idText);
    if (id.isEmpty()) {
      return complete(Problem.response(StatusCodes.NOT_FOUND, "no published title " + idText));
    }
    return onSuccess(
        queries.title(id.get()),
        found ->
            found
                .filter(t -> allows(max, t.maturityRating()))
                .map(
                    t ->
                        search.cards(List.of(t.id()), MaturityRating.NR).stream()
                            .findFirst()
                            .map(c -> t.withMedia(c.poster(), c.playable()))
                            .orElse(t))
                .<Route>map(t -> complete(StatusCodes.OK, t, Jackson.marshaller(mapper)))
                .orElseGet(
                    () ->
                        complete(
                            Problem.response(
                                StatusCodes.NOT_FOUND, "no published title " + idText))));
  }

  private Route decade(String text, MaturityRating max) {
    String digits = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
    int decade;
    try {
      decade = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      decade = -1;
    }
    if (decade < 1800 || decade > 2100 || decade % 10 != 0) {
      return complete(
          Problem.response(
              StatusCodes.BAD_REQUEST, "a decade is a year ending in 0, such as 1990 or 1990s"));
    }
    int d = decade;
    return paged(max, (limit, cursor) -> queries.byDecade(d, limit, cursor));
  }

  private interface PageQuery {
    Optional<CompletionStage<CatalogViews.Page>> run(int limit, Optional<String> cursor);
  }

  /**
   * A page; under a maturity limit the titles above it are left out, so such a page may hold fewer
   * than {@code limit} (its {@code next} still continues where the page's rows ended).
   */
  private Route paged(MaturityRating max, PageQuery query) {
    return read.limit(
        DEFAULT_LIMIT,
        MAX_LIMIT,
        limit ->
            parameterOptional(
                "cursor",
                cursor ->
                    query
                        .run(limit, cursor)
                        .map(
                            page ->
                                page.thenApply(
                                    p ->
                                        new CatalogViews.Page(
                                            p.items().stream()
                                                .filter(t -> allows(max, t.maturityRating()))
                                                .toList(),
                                            p.next())))
                        .<Route>map(read::json)
                        .orElseGet(
                            () ->
                                complete(
                                    Problem.response(
                                        StatusCodes.BAD_REQUEST,
                                        "cursor is not one this listing issued")))));
  }
}

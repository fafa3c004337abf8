package io.reel.read.catalog;

import static org.apache.pekko.http.javadsl.server.Directives.*;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.title.TitleId;
import io.reel.http.Problem;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
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
 */
public final class CatalogRoutes {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  private final CatalogQueries queries;
  private final ObjectMapper mapper;

  public CatalogRoutes(CatalogQueries queries, ObjectMapper mapper) {
    this.queries = queries;
    this.mapper = mapper;
  }

  public Route routes() {
    return pathPrefix(
        "catalog",
        () ->
            get(
                () ->
                    concat(
                        path(segment("titles").slash(PathMatchers.segment()), this::title),
                        path("genres", () -> json(queries.genres())),
                        path(
                            segment("genres").slash(PathMatchers.segment()).slash("titles"),
                            genre ->
                                paged(
                                    (limit, cursor) ->
                                        genre.length() > 200
                                            ? Optional.empty()
                                            : queries.byGenre(genre, limit, cursor))),
                        path(
                            segment("decades").slash(PathMatchers.segment()).slash("titles"),
                            this::decade),
                        path("newest", () -> withLimit(limit -> json(queries.newest(limit)))))));
  }

  private Route title(String idText) {
    Optional<TitleId> id = TitleId.parse(idText);
    if (id.isEmpty()) {
      return complete(Problem.response(StatusCodes.NOT_FOUND, "no published title " + idText));
    }
    return onSuccess(
        queries.title(id.get()),
        found ->
            found
                .<Route>map(t -> complete(StatusCodes.OK, t, Jackson.marshaller(mapper)))
                .orElseGet(
                    () ->
                        complete(
                            Problem.response(
                                StatusCodes.NOT_FOUND, "no published title " + idText))));
  }

  private Route decade(String text) {
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
    return paged((limit, cursor) -> queries.byDecade(d, limit, cursor));
  }

  private interface PageQuery {
    Optional<CompletionStage<CatalogViews.Page>> run(int limit, Optional<String> cursor);
  }

  private Route paged(PageQuery query) {
    return withLimit(
        limit ->
            parameterOptional(
                "cursor",
                cursor ->
                    query
                        .run(limit, cursor)
                        .<Route>map(this::json)
                        .orElseGet(
                            () ->
                                complete(
                                    Problem.response(
                                        StatusCodes.BAD_REQUEST,
                                        "cursor is not one this listing issued")))));
  }

  private Route withLimit(Function<Integer, Route> inner) {
    return parameterOptional(
        "limit",
        text -> {
          int limit;
          try {
            limit = text.map(Integer::parseInt).orElse(DEFAULT_LIMIT);
          } catch (NumberFormatException e) {
            limit = -1;
          }
          if (limit < 1 || limit > MAX_LIMIT) {
            return complete(
                Problem.response(
                    StatusCodes.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT));
          }
          return inner.apply(limit);
        });
  }

  private <T> Route json(CompletionStage<T> result) {
    return onSuccess(result, value -> complete(StatusCodes.OK, value, Jackson.marshaller(mapper)));
  }
}

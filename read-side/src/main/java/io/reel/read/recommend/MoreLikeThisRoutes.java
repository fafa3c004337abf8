package io.reel.read.recommend;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import io.reel.domain.title.TitleId;
import io.reel.http.Problem;
import io.reel.read.ReadDirectives;
import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * "More like this" on a title's page (anyone; with {@code ?profile=} its owner, within the
 * profile's limit):
 *
 * <pre>
 * GET /catalog/titles/{id}/more-like-this?limit=10&amp;profile=...
 * </pre>
 *
 * Titles watched by the same viewers first, then the same genres, then a similar story or cast;
 * each with {@code why}.
 */
public final class MoreLikeThisRoutes {

  public static final int DEFAULT_ROW = 10;
  public static final int MAX_ROW = 50;

  public record MoreLikeThis(String titleId, List<Recommendations.Suggested> items) {}

  private final Recommendations recommendations;
  private final ReadDirectives read;

  public MoreLikeThisRoutes(Recommendations recommendations, ReadDirectives read) {
    this.recommendations = recommendations;
    this.read = read;
  }

  public Route routes() {
    return path(
        PathMatchers.segment("catalog")
            .slash("titles")
            .slash(PathMatchers.segment())
            .slash("more-like-this"),
        id ->
            get(
                () ->
                    TitleId.parse(id).isEmpty()
                        ? complete(Problem.response(StatusCodes.NOT_FOUND, "no title " + id))
                        : read.asProfile(
                            limit ->
                                read.limit(
                                    DEFAULT_ROW,
                                    MAX_ROW,
                                    size ->
                                        read.searched(
                                            () -> recommendations.moreLikeThis(id, limit, size),
                                            found ->
                                                found
                                                    .map(
                                                        items ->
                                                            read.json(new MoreLikeThis(id, items)))
                                                    .orElseGet(
                                                        () ->
                                                            complete(
                                                                Problem.response(
                                                                    StatusCodes.NOT_FOUND,
                                                                    "no title " + id))))))));
  }
}

package io.reel.read.catalog;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import io.reel.domain.title.TitleId;
import io.reel.http.Problem;
import io.reel.search.TitleSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A published title's poster (anyone, like the rest of the published catalog):
 *
 * <pre>
 * GET /catalog/titles/{id}/poster     image/jpeg, with ETag and Last-Modified (304 on a match)
 * </pre>
 *
 * The frame the packager took from the title's current package, read from the origin store. 404 for
 * a title that is not published or whose package has no poster. A card's {@code poster} is this
 * path when there is one.
 */
public final class PosterRoutes {

  private static final ContentType JPEG = MediaTypes.IMAGE_JPEG.toContentType();

  /** A new package is a new poster key, and a card then names the poster again: an hour is safe. */
  private static final HttpHeader CACHE =
      CacheControl.create(CacheDirectives.PUBLIC, CacheDirectives.MAX_AGE(3600));

  private final TitleSearch search;
  private final Function<String, Optional<Path>> files;

  /**
   * @param files the local file of an origin-store key, when the store has one
   */
  public PosterRoutes(TitleSearch search, Function<String, Optional<Path>> files) {
    this.search = search;
    this.files = files;
  }

  public Route routes() {
    return path(
        PathMatchers.segment("catalog")
            .slash("titles")
            .slash(PathMatchers.segment())
            .slash("poster"),
        id ->
            get(
                () -> {
                  Optional<Path> file =
                      TitleId.parse(id).isEmpty()
                          ? Optional.empty()
                          : search.posterKey(id).flatMap(files).filter(Files::isRegularFile);
                  return file.map(
                          f -> respondWithHeader(CACHE, () -> getFromFile(f.toFile(), JPEG)))
                      .orElseGet(
                          () ->
                              complete(
                                  Problem.response(
                                      StatusCodes.NOT_FOUND, "no poster for title " + id)));
                }));
  }
}

package io.reel.http;

import io.reel.domain.title.Rejection;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** Rejection kind to status: the one place this mapping lives, for every module's routes. */
public final class Rejections {

  private Rejections() {}

  /** A refusal as problem+json; its details (violations, the devices holding streams) listed. */
  public static HttpResponse response(Rejection r) {
    StatusCode status =
        switch (r.kind()) {
          case INVALID -> StatusCodes.UNPROCESSABLE_ENTITY;
          case NOT_FOUND -> StatusCodes.NOT_FOUND;
          case CONFLICT -> StatusCodes.CONFLICT;
        };
    return Problem.response(status, r.message(), r.details());
  }
}

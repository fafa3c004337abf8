package io.reel.http;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.AuthorizationFailedRejection;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedQueryParamRejection;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every rejection and exception into a problem+json response with the right status, so no
 * route leaks a stack trace or pekko-http's plain-text defaults.
 */
public final class ProblemHandlers {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandlers.class);

  private ProblemHandlers() {}

  public static final RejectionHandler REJECTIONS =
      RejectionHandler.newBuilder()
          .handle(
              MalformedRequestContentRejection.class,
              r ->
                  unwrap(r.getCause()) instanceof EntityStreamSizeException e
                      ? Directives.complete(tooLarge(e))
                      : unwrap(r.getCause()) instanceof BodyTimeout t
                          ? Directives.complete(slowBody(t))
                          : Directives.complete(
                              Problem.response(
                                  StatusCodes.BAD_REQUEST,
                                  "the request body is not valid JSON for this resource: "
                                      + firstLine(r.message()))))
          .handle(
              MalformedQueryParamRejection.class,
              r ->
                  Directives.complete(
                      Problem.response(
                          StatusCodes.BAD_REQUEST,
                          "query parameter '" + r.parameterName() + "': " + r.errorMsg())))
          .handle(
              UnsupportedRequestContentTypeRejection.class,
              r ->
                  Directives.complete(
                      Problem.response(
                          StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                          "expected one of " + r.getSupported())))
          .handle(
              AuthorizationFailedRejection.class,
              r -> Directives.complete(Problem.response(StatusCodes.FORBIDDEN, "not allowed")))
          .handleAll(
              MethodRejection.class,
              rs ->
                  Directives.complete(
                      Problem.response(
                          StatusCodes.METHOD_NOT_ALLOWED,
                          "method not allowed here; supported: "
                              + rs.stream().map(m -> m.supported().name()).distinct().toList())))
          .handleNotFound(
              Directives.complete(Problem.response(StatusCodes.NOT_FOUND, "no such resource")))
          .build()
          .withFallback(RejectionHandler.defaultHandler())
          .mapRejectionResponse(
              response ->
                  response.entity().getContentType().equals(Problem.CONTENT_TYPE)
                      ? response
                      : Problem.response(response.status(), response.status().reason()));

  public static final ExceptionHandler EXCEPTIONS =
      ExceptionHandler.newBuilder()
          .matchAny(
              t -> {
                Throwable cause = unwrap(t);
                if (cause instanceof EntityStreamSizeException e) {
                  return Directives.complete(tooLarge(e));
                }
                if (cause instanceof BodyTimeout slow) {
                  return Directives.complete(slowBody(slow));
                }
                if (cause instanceof Overloaded o) {
                  long seconds = Overloaded.seconds(o.retryAfter());
                  return Directives.respondWithHeader(
                      RetryAfter.create(seconds),
                      () ->
                          Directives.complete(
                              Problem.response(
                                  StatusCodes.SERVICE_UNAVAILABLE,
                                  o.getMessage() + "; retry after " + seconds + " s")));
                }
                if (cause instanceof TimeoutException || cause instanceof AskTimeoutException) {
                  // An entity or store that did not answer in time is busy or moving: a load
                  // answer.
                  return Directives.respondWithHeader(
                      RetryAfter.create(1L),
                      () ->
                          Directives.complete(
                              Problem.response(
                                  StatusCodes.SERVICE_UNAVAILABLE,
                                  "the service did not answer in time; retry shortly")));
                }
                log.error("unhandled error", cause);
                return Directives.complete(
                    Problem.response(StatusCodes.INTERNAL_SERVER_ERROR, "internal error"));
              })
          .build();

  /** 408; pekko-http closes the connection after an answer sent before the body's end. */
  private static org.apache.pekko.http.javadsl.model.HttpResponse slowBody(BodyTimeout t) {
    return Problem.response(StatusCodes.REQUEST_TIMEOUT, t.getMessage());
  }

  private static org.apache.pekko.http.javadsl.model.HttpResponse tooLarge(
      EntityStreamSizeException e) {
    return Problem.response(
        StatusCodes.PAYLOAD_TOO_LARGE,
        "the request body is larger than the limit of " + e.limit() + " bytes");
  }

  /** Wraps a route so that everything it refuses or throws becomes problem+json. */
  public static Route wrap(Route route) {
    return route.seal(REJECTIONS, EXCEPTIONS);
  }

  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException
            || c instanceof java.util.concurrent.ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    // pekko-http wraps entity stream errors (size, our body deadlines) in its own exception types
    Throwable inner = c;
    while (inner != null) {
      if (inner instanceof EntityStreamSizeException || inner instanceof BodyTimeout) {
        return inner;
      }
      inner = inner.getCause();
    }
    return c;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    // Jackson messages name our classes and sources; keep the part a client can act on.
    int src = line.indexOf(" at [Source");
    return (src < 0 ? line : line.substring(0, src)).replaceAll("\\(class [^)]*\\)", "").strip();
  }
}

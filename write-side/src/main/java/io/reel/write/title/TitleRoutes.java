package io.reel.write.title;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleState;
import io.reel.http.JsonRequests;
import io.reel.http.Problem;
import io.reel.http.Rejections;
import io.reel.write.title.TitleJson.TitleRequest;
import io.reel.write.title.TitleJson.TitleResponse;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.marshalling.Marshaller;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Admin API for titles. Only translates between HTTP and title commands; the rules live in the
 * domain.
 */
public final class TitleRoutes {

  private final TitleService titles;
  private final Supplier<TitleId> newId;
  private final ObjectMapper mapper;
  private final long maxBodyBytes;

  public TitleRoutes(
      TitleService titles, Supplier<TitleId> newId, ObjectMapper mapper, long maxBodyBytes) {
    this.titles = titles;
    this.newId = newId;
    this.mapper = mapper;
    this.maxBodyBytes = maxBodyBytes;
  }

  public Route routes() {
    return pathPrefix(
        "admin",
        () ->
            pathPrefix(
                "titles",
                () ->
                    concat(
                        pathEnd(() -> post(() -> withBody(this::create))),
                        pathPrefix(
                            PathMatchers.segment(),
                            idText ->
                                withTitleId(
                                    idText,
                                    id ->
                                        concat(
                                            pathEnd(
                                                () ->
                                                    concat(
                                                        get(
                                                            () ->
                                                                answer(
                                                                    id,
                                                                    new TitleCommand.Get(),
                                                                    StatusCodes.OK)),
                                                        put(
                                                            () ->
                                                                withBody(req -> update(id, req))))),
                                            action(id, "publish", new TitleCommand.Publish()),
                                            action(id, "unpublish", new TitleCommand.Unpublish()),
                                            action(id, "retire", new TitleCommand.Retire()),
                                            path(
                                                "transcode",
                                                () ->
                                                    delete(
                                                        () ->
                                                            answer(
                                                                id,
                                                                new TitleCommand.CancelTranscode(),
                                                                StatusCodes.OK)))))))));
  }

  private Route action(TitleId id, String name, TitleCommand command) {
    return path(name, () -> post(() -> answer(id, command, StatusCodes.OK)));
  }

  private Route withBody(Function<TitleRequest, Route> inner) {
    return withSizeLimit(
        maxBodyBytes, () -> entity(JsonRequests.unmarshaller(mapper, TitleRequest.class), inner));
  }

  /** Parses a title id path segment, or answers 404 for one that cannot be an id. */
  public static Route withTitleId(String text, Function<TitleId, Route> inner) {
    return TitleId.parse(text)
        .map(inner)
        .orElseGet(
            () ->
                complete(
                    Problem.response(
                        StatusCodes.NOT_FOUND, "not a title id: ids are positive decimals")));
  }

  private Route create(TitleRequest req) {
    List<String> violations = req.violations();
    if (!violations.isEmpty()) {
      return complete(invalid(violations));
    }
    TitleId id = newId.get();
    return onSuccess(
        titles.ask(id, new TitleCommand.Create(req.toMetadata())),
        reply ->
            reply instanceof TitleReply.Accepted a
                ? respondWithHeader(
                    Location.create("/admin/titles/" + id),
                    () -> complete(StatusCodes.CREATED, body(a.state()), marshaller()))
                : complete(Rejections.response(((TitleReply.Rejected) reply).rejection())));
  }

  private Route update(TitleId id, TitleRequest req) {
    List<String> violations = req.violations();
    if (!violations.isEmpty()) {
      return complete(invalid(violations));
    }
    return answer(id, new TitleCommand.UpdateMetadata(req.toMetadata()), StatusCodes.OK);
  }

  private Route answer(TitleId id, TitleCommand command, StatusCode ok) {
    CompletionStage<TitleReply> reply = titles.ask(id, command);
    return onSuccess(
        reply,
        r -> {
          if (r instanceof TitleReply.Rejected rej) {
            return complete(Rejections.response(rej.rejection()));
          }
          TitleState state = ((TitleReply.Accepted) r).state();
          if (state instanceof TitleState.Empty) {
            return complete(Problem.response(StatusCodes.NOT_FOUND, "no title with id " + id));
          }
          return complete(ok, body(state), marshaller());
        });
  }

  private static TitleResponse body(TitleState state) {
    return TitleResponse.of(state);
  }

  private Marshaller<TitleResponse, RequestEntity> marshaller() {
    return Jackson.marshaller(mapper);
  }

  private static HttpResponse invalid(List<String> violations) {
    return Problem.response(
        StatusCodes.UNPROCESSABLE_ENTITY, "the title metadata is invalid", violations);
  }
}

package io.reel.write.title;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleState;
import io.reel.http.Problem;
import io.reel.http.Rejections;
import io.reel.write.title.TitleJson.TitleResponse;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A title as it changes, pushed to an operator's console (operators only, under {@code /admin}):
 *
 * <pre>
 * GET /admin/titles/{id}/watch     text/event-stream
 * </pre>
 *
 * The first event is the title as it is now; then one after each of its events (an upload, each
 * transcode progress step with percent and ETA, the package, a failure with its reason, publish),
 * read from the title's own journal, at most {@link #MAX_PER_SECOND} a second (the latest state
 * wins). Each {@code data:} is the same JSON as {@code GET /admin/titles/{id}}, event type {@code
 * title}; a comment every {@link #KEEP_ALIVE} keeps proxies from closing a quiet stream.
 */
public final class TitleWatchRoutes {

  static final int MAX_PER_SECOND = 4;
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final ActorSystem<?> system;
  private final TitleService titles;
  private final ObjectMapper mapper;

  public TitleWatchRoutes(ActorSystem<?> system, TitleService titles, ObjectMapper mapper) {
    this.system = system;
    this.titles = titles;
    this.mapper = mapper;
  }

  public Route routes() {
    return path(
        PathMatchers.segment("admin").slash("titles").slash(PathMatchers.segment()).slash("watch"),
        idText ->
            get(
                () ->
                    TitleRoutes.withTitleId(
                        idText,
                        id ->
                            onSuccess(
                                titles.ask(id, new TitleCommand.Get()),
                                reply -> {
                                  if (reply instanceof TitleReply.Rejected r) {
                                    return complete(Rejections.response(r.rejection()));
                                  }
                                  TitleState now = ((TitleReply.Accepted) reply).state();
                                  if (now instanceof TitleState.Empty) {
                                    return complete(
                                        Problem.response(
                                            StatusCodes.NOT_FOUND, "no title with id " + idText));
                                  }
                                  return completeOK(
                                      watch(id, now), EventStreamMarshalling.toEventStream());
                                }))));
  }

  private Source<ServerSentEvent, NotUsed> watch(TitleId id, TitleState now) {
    CassandraReadJournal journal =
        PersistenceQuery.get(system)
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    String pid = PersistenceId.of(TitleEntity.ENTITY_KEY.name(), id.asString()).id();
    Source<TitleState, NotUsed> changes =
        journal
            .eventsByPersistenceId(pid, 0L, Long.MAX_VALUE)
            // Events only say "it changed" (the replay of older ones collapses into one): the
            // state after them is the entity's answer, which has applied them.
            .map(e -> e.sequenceNr())
            .conflate((older, newer) -> newer)
            .throttle(MAX_PER_SECOND, Duration.ofSeconds(1))
            .mapAsync(1, seqNr -> state(id));
    return Source.single(now)
        .concat(changes)
        .map(this::event)
        .keepAlive(KEEP_ALIVE, ServerSentEvent::heartbeat);
  }

  private CompletionStage<TitleState> state(TitleId id) {
    return titles
        .ask(id, new TitleCommand.Get())
        .thenApply(
            r -> {
              if (r instanceof TitleReply.Accepted a) {
                return a.state();
              }
              throw new IllegalStateException("title " + id + " did not answer: " + r);
            });
  }

  private ServerSentEvent event(TitleState state) {
    try {
      return ServerSentEvent.create(mapper.writeValueAsString(TitleResponse.of(state)), "title");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

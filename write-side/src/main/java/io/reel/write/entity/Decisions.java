package io.reel.write.entity;

import io.reel.domain.Decision;
import io.reel.domain.title.Rejection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.function.Procedure;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * How every entity turns a {@link Decision} into an effect: a rejection is a reply, never an
 * exception; no events means nothing to persist, so it answers at once with the current state;
 * otherwise it persists the events and answers with the state they lead to.
 */
public final class Decisions {

  private Decisions() {}

  /**
   * @param accepted the accepted reply from the state and the number of events persisted (0 when
   *     the command changed nothing)
   * @param rejected the rejected reply
   */
  public static <E, S, R> ReplyEffect<E, S> reply(
      EffectFactories<E, S> effect,
      Decision<E> decision,
      ActorRef<R> replyTo,
      S state,
      BiFunction<S, Integer, R> accepted,
      Function<Rejection, R> rejected) {
    return reply(effect, decision, replyTo, state, accepted, rejected, next -> {});
  }

  /**
   * As above, and runs {@code afterPersist} with the new state once the events are persisted,
   * before replying.
   */
  public static <E, S, R> ReplyEffect<E, S> reply(
      EffectFactories<E, S> effect,
      Decision<E> decision,
      ActorRef<R> replyTo,
      S state,
      BiFunction<S, Integer, R> accepted,
      Function<Rejection, R> rejected,
      Procedure<S> afterPersist) {
    if (decision instanceof Decision.Rejected<E> r) {
      return effect.reply(replyTo, rejected.apply(r.rejection()));
    }
    List<E> events = ((Decision.Accepted<E>) decision).events();
    if (events.isEmpty()) {
      return effect.reply(replyTo, accepted.apply(state, 0));
    }
    return effect
        .persist(events)
        .thenRun(afterPersist)
        .thenReply(replyTo, next -> accepted.apply(next, events.size()));
  }
}

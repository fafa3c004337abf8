package io.reel.write.entity;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Asks a sharded entity, wherever it lives in the cluster, with a fixed timeout.
 *
 * @param <C> the domain command the caller sends
 * @param <R> the entity's reply
 */
public final class EntityAsk<C, R> {

  private final BiFunction<String, C, CompletionStage<R>> ask;

  private EntityAsk(BiFunction<String, C, CompletionStage<R>> ask) {
    this.ask = ask;
  }

  /**
   * @param envelope wraps the domain command and the reply address into the entity's message
   */
  public static <M, C, R> EntityAsk<C, R> of(
      ActorSystem<?> system,
      EntityTypeKey<M> key,
      BiFunction<C, ActorRef<R>, ? extends M> envelope,
      Duration timeout) {
    return new EntityAsk<>(
        (entityId, command) ->
            HomeRegion.entityRef(system, key, entityId)
                .ask(replyTo -> envelope.apply(command, replyTo), timeout));
  }

  /** Completes exceptionally with a {@code TimeoutException} when the entity does not answer. */
  public CompletionStage<R> ask(String entityId, C command) {
    return ask.apply(entityId, command);
  }
}

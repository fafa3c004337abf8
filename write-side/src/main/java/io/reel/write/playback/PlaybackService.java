package io.reel.write.playback;

import io.reel.domain.playback.PlaybackCommand;
import io.reel.write.entity.EntityAsk;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/** Asks the sharded playback entity of an account, wherever it lives in the cluster. */
public final class PlaybackService {

  private final EntityAsk<PlaybackCommand, PlaybackReply> entities;

  public PlaybackService(ActorSystem<?> system, PlaybackSettings settings) {
    this.entities =
        EntityAsk.of(
            system, PlaybackEntity.ENTITY_KEY, PlaybackEntity.Handle::new, settings.askTimeout());
  }

  /** Completes exceptionally with a {@code TimeoutException} when the entity does not answer. */
  public CompletionStage<PlaybackReply> ask(String accountId, PlaybackCommand command) {
    return entities.ask(accountId, command);
  }
}

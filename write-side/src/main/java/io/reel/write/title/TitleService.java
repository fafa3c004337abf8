package io.reel.write.title;

import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.write.entity.EntityAsk;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/** The command API of titles: asks the sharded entity, wherever it lives in the cluster. */
public final class TitleService {

  private final EntityAsk<TitleCommand, TitleReply> entities;

  public TitleService(ActorSystem<?> system, TitleSettings settings) {
    this.entities =
        EntityAsk.of(
            system, TitleEntity.ENTITY_KEY, TitleEntity.Handle::new, settings.askTimeout());
  }

  /** Completes exceptionally with a {@code TimeoutException} when the entity does not answer. */
  public CompletionStage<TitleReply> ask(TitleId id, TitleCommand command) {
    return entities.ask(id.asString(), command);
  }
}

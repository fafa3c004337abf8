package io.reel.write.title;

import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** The command API of titles: asks the sharded entity, wherever it lives in the cluster. */
public final class TitleService {

  private final ClusterSharding sharding;
  private final TitleSettings settings;

  public TitleService(ActorSystem<?> system, TitleSettings settings) {
    this.sharding = ClusterSharding.get(system);
    this.settings = settings;
  }

  /** Completes exceptionally with a {@code TimeoutException} when the entity does not answer. */
  public CompletionStage<TitleReply> ask(TitleId id, TitleCommand command) {
    return sharding
        .entityRefFor(TitleEntity.ENTITY_KEY, id.asString())
        .ask(replyTo -> new TitleEntity.Handle(command, replyTo), settings.askTimeout());
  }
}

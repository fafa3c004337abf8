package io.reel.write.playback;

import io.reel.domain.playback.PlaybackCommand;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Asks the sharded playback entity of an account, wherever it lives in the cluster. */
public final class PlaybackService {

  private final ClusterSharding sharding;
  private final PlaybackSettings settings;

  public PlaybackService(ActorSystem<?> system, PlaybackSettings settings) {
    this.sharding = ClusterSharding.get(system);
    this.settings = settings;
  }

  /** Completes exceptionally with a {@code TimeoutException} when the entity does not answer. */
  public CompletionStage<PlaybackReply> ask(String accountId, PlaybackCommand command) {
    return sharding
        .entityRefFor(PlaybackEntity.ENTITY_KEY, accountId)
        .ask(replyTo -> new PlaybackEntity.Handle(command, replyTo), settings.askTimeout());
  }
}

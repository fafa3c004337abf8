package io.reel.write.billing;

import io.reel.domain.billing.SubscriptionCommand;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Asks the sharded subscription entity, wherever it lives in the cluster. */
public final class SubscriptionService implements SubscriptionGateway {

  private final ClusterSharding sharding;
  private final BillingSettings settings;

  public SubscriptionService(ActorSystem<?> system, BillingSettings settings) {
    this.sharding = ClusterSharding.get(system);
    this.settings = settings;
  }

  /** Completes exceptionally with a {@code TimeoutException} when the entity does not answer. */
  @Override
  public CompletionStage<SubscriptionReply> ask(String accountId, SubscriptionCommand command) {
    return sharding
        .entityRefFor(SubscriptionEntity.ENTITY_KEY, accountId)
        .ask(replyTo -> new SubscriptionEntity.Handle(command, replyTo), settings.askTimeout());
  }
}

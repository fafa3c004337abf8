package io.reel.write.billing;

import io.reel.domain.billing.SubscriptionCommand;
import io.reel.write.entity.EntityAsk;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/** Asks the sharded subscription entity, wherever it lives in the cluster. */
public final class SubscriptionService implements SubscriptionGateway {

  private final EntityAsk<SubscriptionCommand, SubscriptionReply> entities;

  public SubscriptionService(ActorSystem<?> system, BillingSettings settings) {
    this.entities =
        EntityAsk.of(
            system,
            SubscriptionEntity.ENTITY_KEY,
            SubscriptionEntity.Handle::new,
            settings.askTimeout());
  }

  /** Completes exceptionally with a {@code TimeoutException} when the entity does not answer. */
  @Override
  public CompletionStage<SubscriptionReply> ask(String accountId, SubscriptionCommand command) {
    return entities.ask(accountId, command);
  }
}

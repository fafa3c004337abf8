package io.reel.write.billing;

import io.reel.domain.billing.SubscriptionCommand;
import java.util.concurrent.CompletionStage;

/** Sends a command to an account's subscription; {@link SubscriptionService} in production. */
@FunctionalInterface
public interface SubscriptionGateway {

  CompletionStage<SubscriptionReply> ask(String accountId, SubscriptionCommand command);
}

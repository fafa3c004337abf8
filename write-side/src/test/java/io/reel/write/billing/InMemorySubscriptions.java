package io.reel.write.billing;

import io.reel.domain.Decision;
import io.reel.domain.billing.SubscriptionCommand;
import io.reel.domain.billing.SubscriptionEvent;
import io.reel.domain.billing.SubscriptionState;
import io.reel.domain.billing.Subscriptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The subscription rules without an actor system: a gateway for runner and scheduler tests. */
final class InMemorySubscriptions implements SubscriptionGateway {

  private final Map<String, SubscriptionState> states = new HashMap<>();
  final List<SubscriptionEvent> journal = new ArrayList<>();

  @Override
  public synchronized CompletionStage<SubscriptionReply> ask(
      String accountId, SubscriptionCommand command) {
    SubscriptionState state = states.getOrDefault(accountId, SubscriptionState.NONE);
    Decision<SubscriptionEvent> d = Subscriptions.decide(accountId, state, command);
    if (d instanceof Decision.Rejected<SubscriptionEvent> r) {
      return CompletableFuture.completedFuture(new SubscriptionReply.Rejected(r.rejection()));
    }
    List<SubscriptionEvent> events = ((Decision.Accepted<SubscriptionEvent>) d).events();
    for (SubscriptionEvent e : events) {
      state = Subscriptions.evolve(state, e);
      journal.add(e);
    }
    states.put(accountId, state);
    return CompletableFuture.completedFuture(new SubscriptionReply.Accepted(state, events.size()));
  }

  synchronized SubscriptionState state(String accountId) {
    return states.getOrDefault(accountId, SubscriptionState.NONE);
  }

  synchronized long count(Class<? extends SubscriptionEvent> type) {
    return journal.stream().filter(type::isInstance).count();
  }
}

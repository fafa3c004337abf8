package io.reel.domain.billing;

import io.reel.domain.title.Rejection;
import java.util.List;

/**
 * The outcome of {@link Subscriptions#decide}: events to persist (possibly none), or a rejection.
 */
public sealed interface SubscriptionDecision {

  record Accepted(List<SubscriptionEvent> events) implements SubscriptionDecision {
    public Accepted {
      events = List.copyOf(events);
    }
  }

  record Rejected(Rejection rejection) implements SubscriptionDecision {}

  static SubscriptionDecision accept(SubscriptionEvent... events) {
    return new Accepted(List.of(events));
  }

  static SubscriptionDecision reject(Rejection rejection) {
    return new Rejected(rejection);
  }
}

package io.reel.domain.account;

import io.reel.domain.title.Rejection;
import java.util.List;

/** The outcome of {@link Account#decide}: events to persist (possibly none), or a rejection. */
public sealed interface AccountDecision {

  record Accepted(List<AccountEvent> events) implements AccountDecision {
    public Accepted {
      events = List.copyOf(events);
    }
  }

  record Rejected(Rejection rejection) implements AccountDecision {}

  static AccountDecision accept(AccountEvent... events) {
    return new Accepted(List.of(events));
  }

  static AccountDecision reject(Rejection rejection) {
    return new Rejected(rejection);
  }
}

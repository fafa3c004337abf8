package io.reel.domain;

import io.reel.domain.title.Rejection;
import java.util.List;

/**
 * What an aggregate's {@code decide} returns: events to persist (possibly none), or a rejection.
 * Never stored nor sent: the entity persists the events and replies with its own reply type.
 *
 * @param <E> the aggregate's event type
 */
public sealed interface Decision<E> {

  record Accepted<E>(List<E> events) implements Decision<E> {
    public Accepted {
      events = List.copyOf(events);
    }
  }

  record Rejected<E>(Rejection rejection) implements Decision<E> {}

  @SafeVarargs
  static <E> Decision<E> accept(E... events) {
    return new Accepted<>(List.of(events));
  }

  static <E> Decision<E> reject(Rejection rejection) {
    return new Rejected<>(rejection);
  }
}

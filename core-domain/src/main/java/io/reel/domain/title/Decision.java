package io.reel.domain.title;

import java.util.List;

/** The outcome of {@link Title#decide}: events to persist (possibly none), or a rejection. */
public sealed interface Decision {

  record Accepted(List<TitleEvent> events) implements Decision {
    public Accepted {
      events = List.copyOf(events);
    }
  }

  record Rejected(Rejection rejection) implements Decision {}

  static Decision accept(TitleEvent... events) {
    return new Accepted(List.of(events));
  }

  static Decision reject(Rejection rejection) {
    return new Rejected(rejection);
  }
}

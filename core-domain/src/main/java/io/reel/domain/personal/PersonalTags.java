package io.reel.domain.personal;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The fixed journal tags of personal events, {@code personal-0..N-1}, by the account, so one
 * profile's events stay in order. A contract on the stored journal.
 */
public record PersonalTags(int count) {

  public PersonalTags {
    if (count < 1 || count > 1024) {
      throw new IllegalArgumentException("tag count must be 1..1024");
    }
  }

  public List<String> all() {
    return IntStream.range(0, count).mapToObj(i -> "personal-" + i).toList();
  }

  /** String.hashCode is specified, so an account's tag never changes between JVMs. */
  public String tagFor(String accountId) {
    return "personal-" + Math.floorMod(accountId.hashCode(), count);
  }
}

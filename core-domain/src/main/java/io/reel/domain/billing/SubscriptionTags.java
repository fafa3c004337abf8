package io.reel.domain.billing;

import java.util.List;
import java.util.stream.IntStream;

/** The fixed journal tags of subscription events, {@code subscription-0..N-1}. */
public record SubscriptionTags(int count) {

  public SubscriptionTags {
    if (count < 1 || count > 1024) {
      throw new IllegalArgumentException("tag count must be 1..1024");
    }
  }

  public List<String> all() {
    return IntStream.range(0, count).mapToObj(i -> "subscription-" + i).toList();
  }

  /** String.hashCode is specified, so the tag of an account never changes between JVMs. */
  public String tagFor(String accountId) {
    return "subscription-" + Math.floorMod(accountId.hashCode(), count);
  }
}

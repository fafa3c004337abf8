package io.reel.domain.account;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The fixed journal tags of account events, {@code account-0..N-1}, by a stable hash of the id, so
 * one account's events stay in order. A contract on the stored journal: the write side tags with
 * it, projections read by it.
 */
public record AccountTags(int count) {

  public AccountTags {
    if (count < 1 || count > 1024) {
      throw new IllegalArgumentException("tag count must be 1..1024");
    }
  }

  public List<String> all() {
    return IntStream.range(0, count).mapToObj(i -> "account-" + i).toList();
  }

  public String tagFor(AccountId id) {
    long mixed = id.value() * 0x9E3779B97F4A7C15L;
    return "account-" + Math.floorMod(mixed ^ (mixed >>> 32), count);
  }
}

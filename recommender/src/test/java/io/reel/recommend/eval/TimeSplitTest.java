package io.reel.recommend.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.recommend.Interaction;
import io.reel.recommend.Interaction.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeSplitTest {

  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  private static Interaction i(String user, String item, int day) {
    return new Interaction(user, item, Kind.COMPLETED, T.plusSeconds(day * 86400L));
  }

  @Test
  void trainsOnThePastAndHoldsOutWhatEnoughHistoryViewersWatchedNext() {
    List<Interaction> all =
        List.of(
            i("ann", "a", 1),
            i("ann", "b", 2),
            i("ann", "c", 11), // held out
            i("ann", "a", 12), // seen before the split: not a target
            i("bob", "a", 3), // one title before: not enough history
            i("bob", "d", 12),
            i("cy", "a", 4),
            i("cy", "b", 5), // nothing after: not evaluated
            i("dee", "e", 13), // no history at all
            i("ann", "z", 30)); // after the window's end

    TimeSplit split = TimeSplit.of(all, T.plusSeconds(10 * 86400L), T.plusSeconds(20 * 86400L), 2);

    assertEquals(5, split.training().size());
    assertTrue(split.training().stream().allMatch(x -> x.at().isBefore(split.at())));
    assertEquals(Map.of("ann", Set.of("c")), split.heldOut());
    assertEquals(List.of(i("ann", "a", 1), i("ann", "b", 2)), split.histories().get("ann"));
    assertEquals(Set.of("a", "b"), split.trainingItems());
  }

  @Test
  void quantileIsTheInstantBelowWhichThatShareLies() {
    List<Instant> times =
        List.of(T.plusSeconds(4), T.plusSeconds(1), T.plusSeconds(3), T.plusSeconds(2), T);

    assertEquals(T.plusSeconds(4), TimeSplit.quantile(times, 0.8));
    assertEquals(T, TimeSplit.quantile(times, 0.0));
    assertEquals(T.plusSeconds(2), TimeSplit.quantile(times, 0.5));
  }
}

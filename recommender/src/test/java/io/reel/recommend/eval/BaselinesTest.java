package io.reel.recommend.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.recommend.Interaction;
import io.reel.recommend.Interaction.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  private static final Instant SPLIT = Instant.parse("2025-03-01T00:00:00Z");

  private static Interaction i(String user, String item, int daysBefore) {
    return new Interaction(user, item, Kind.COMPLETED, SPLIT.minus(Duration.ofDays(daysBefore)));
  }

  /** "classic": 4 viewers long ago; "hit": 3 viewers last week; "niche": 1 viewer yesterday. */
  private static List<Interaction> training() {
    List<Interaction> all = new ArrayList<>();
    for (int u = 0; u < 4; u++) {
      all.add(i("c" + u, "classic", 100));
      // A watch and a thumbs of one viewer count once.
      all.add(new Interaction("c" + u, "classic", Kind.LOVED, SPLIT.minus(Duration.ofDays(100))));
    }
    for (int u = 0; u < 3; u++) {
      all.add(i("h" + u, "hit", 7));
    }
    all.add(i("n", "niche", 1));
    return all;
  }

  @Test
  void mostPopularCountsViewersOverAllOfTrainingOrOverTheWindow() {
    var allTime = Baselines.mostPopular().fit(training(), SPLIT);
    var recent = Baselines.mostPopularRecent(Duration.ofDays(30)).fit(training(), SPLIT);

    assertEquals(List.of("classic", "hit", "niche"), allTime.rank("x", List.of(), 10, t -> true));
    assertEquals(List.of("hit", "niche"), recent.rank("x", List.of(), 10, t -> true));
    assertEquals(List.of("niche"), recent.rank("x", List.of(), 10, t -> !t.equals("hit")));
  }

  @Test
  void randomIsSeededPerViewerAndRespectsTheFilter() {
    var random = Baselines.random(42).fit(training(), SPLIT);

    List<String> first = random.rank("x", List.of(), 2, t -> !t.equals("classic"));

    assertEquals(first, random.rank("x", List.of(), 2, t -> !t.equals("classic")));
    assertEquals(2, first.size());
    assertTrue(!first.contains("classic"));
  }

  @Test
  void aMethodThatRecommendsSeenTitlesIsRejected() {
    List<Interaction> all = new ArrayList<>(training());
    for (int u = 0; u < 5; u++) {
      all.add(i("h" + u, "sequel", -3));
    }
    TimeSplit split = TimeSplit.of(all, SPLIT, SPLIT.plus(Duration.ofDays(10)), 1);
    Method cheat =
        new Method() {
          @Override
          public String name() {
            return "cheat";
          }

          @Override
          public Ranker fit(List<Interaction> training, Instant at) {
            return (user, history, k, allowed) -> List.of("hit");
          }
        };

    assertEquals(3, split.heldOut().size());
    assertThrows(IllegalStateException.class, () -> Evaluation.run(cheat, split));
    Evaluation.Result popular = Evaluation.run(Baselines.mostPopular(), split);
    assertEquals(0.0, popular.hitRate()); // "sequel" did not exist before the split
  }
}

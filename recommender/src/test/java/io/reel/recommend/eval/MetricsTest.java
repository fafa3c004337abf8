package io.reel.recommend.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** HR and NDCG on cases computed by hand. */
class MetricsTest {

  private static final List<String> ROW = List.of("a", "b", "c", "d");

  @Test
  void oneHitAtRankTwo() {
    // DCG = 1/log2(3) = 0.63093; ideal (one relevant) = 1.
    assertTrue(Metrics.hit(ROW, Set.of("b"), 10));
    assertEquals(0.63093, Metrics.ndcg(ROW, Set.of("b"), 10), 1e-5);
  }

  @Test
  void twoHitsAtRanksOneAndThree() {
    // DCG = 1 + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3) = 1.63093; NDCG = 0.91972.
    assertEquals(0.91972, Metrics.ndcg(ROW, Set.of("a", "c"), 10), 1e-5);
  }

  @Test
  void moreRelevantTitlesThanTheRowHoldsCapTheIdealAtK() {
    // k = 2: DCG = 1 (rank 1); ideal = 1 + 1/log2(3) = 1.63093 (two of the three fit); 0.61315.
    assertEquals(0.61315, Metrics.ndcg(ROW, Set.of("a", "x", "y"), 2), 1e-5);
  }

  @Test
  void aHitBelowKIsAMiss() {
    assertFalse(Metrics.hit(ROW, Set.of("d"), 3));
    assertEquals(0.0, Metrics.ndcg(ROW, Set.of("d"), 3));
    assertTrue(Metrics.hit(ROW, Set.of("d"), 4));
    // 1/log2(5) = 0.43068
    assertEquals(0.43068, Metrics.ndcg(ROW, Set.of("d"), 4), 1e-5);
  }

  @Test
  void noHitScoresZeroAndAPerfectRowOne() {
    assertFalse(Metrics.hit(ROW, Set.of("z"), 10));
    assertEquals(0.0, Metrics.ndcg(ROW, Set.of("z"), 10));
    assertEquals(1.0, Metrics.ndcg(ROW, Set.of("a", "b"), 10), 1e-12);
    assertEquals(0.0, Metrics.ndcg(List.of(), Set.of("a"), 10));
  }
}

package io.reel.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopKTest {

  @Test
  void keepsTheBestHigherScoreFirstThenLowerIndex() {
    TopK top = new TopK(3);
    top.offer(5, 1.0);
    top.offer(9, 3.0);
    top.offer(2, 1.0);
    top.offer(7, 2.0);
    top.offer(1, 1.0);
    top.offer(4, Double.NaN);

    List<Integer> order = new ArrayList<>();
    for (int r = 0; r < top.size(); r++) {
      order.add(top.index(r));
    }
    assertEquals(List.of(9, 7, 1), order);
    assertFalse(top.accepts(3, 1.0));
    assertFalse(new TopK(0).accepts(1, 5.0));
  }
}

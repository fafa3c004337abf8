package io.reel.write.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Edges by region: the viewer's region first, the next healthy one when its edges are down. */
class EdgeDirectoryTest {

  private static final EdgeDirectory.Edge EU = new EdgeDirectory.Edge("eu-west", "https://eu.edge");
  private static final EdgeDirectory.Edge EU2 =
      new EdgeDirectory.Edge("eu-west", "https://eu2.edge");
  private static final EdgeDirectory.Edge US = new EdgeDirectory.Edge("us-east", "https://us.edge");

  private final EdgeDirectory edges = new EdgeDirectory(List.of(EU, EU2, US), 2, "localhost");

  @Test
  void aViewerGetsAnEdgeOfTheirRegion() {
    assertEquals(US, edges.choose("us-east").orElseThrow());
    assertEquals(EU, edges.choose("EU-WEST").orElseThrow());
    // A region without edges: the first healthy one in the configured order.
    assertEquals(EU, edges.choose("ap-south").orElseThrow());
  }

  @Test
  void failsOverWithinTheRegionThenToTheOtherAndComesBack() {
    edges.report(EU, false);
    assertEquals(EU, edges.choose("eu-west").orElseThrow(), "one failed probe is not enough");
    edges.report(EU, false);
    assertEquals(EU2, edges.choose("eu-west").orElseThrow());
    edges.report(EU2, false);
    edges.report(EU2, false);
    // Both eu-west edges down: eu-west viewers go to us-east.
    assertEquals(US, edges.choose("eu-west").orElseThrow());
    edges.report(US, false);
    edges.report(US, false);
    assertTrue(
        edges.choose("eu-west").isEmpty(), "no healthy edge anywhere: the play API says 503");
    edges.report(EU, true);
    assertEquals(EU, edges.choose("eu-west").orElseThrow(), "an edge that answers again is used");
  }
}

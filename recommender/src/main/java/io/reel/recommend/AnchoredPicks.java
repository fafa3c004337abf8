package io.reel.recommend;

import java.util.List;

/** A "Because you watched {@code anchor}" row: the anchor is a title of the viewer's history. */
public record AnchoredPicks(String anchor, List<Pick> picks) {
  public AnchoredPicks {
    picks = List.copyOf(picks);
  }
}

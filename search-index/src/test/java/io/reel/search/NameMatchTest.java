package io.reel.search;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Cast entries the catalog carries that are notes, not people, are not suggested as people. */
class NameMatchTest {

  @Test
  void notesInCastListsAreNotNames() {
    assertTrue(NameMatch.looksLikeAName("Stellan Skarsgård"));
    assertTrue(NameMatch.looksLikeAName("Ludwig van Beethoven"));
    assertTrue(NameMatch.looksLikeAName("Madonna"));
    assertFalse(NameMatch.looksLikeAName("(interviews)"));
    assertFalse(NameMatch.looksLikeAName("Interviews with"));
    assertFalse(NameMatch.looksLikeAName("  "));
  }
}

package io.reel.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reel.recommend.Interaction.Kind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreferenceTest {

  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  private static Interaction i(String item, Kind kind, int second) {
    return new Interaction("u", item, kind, T.plusSeconds(second));
  }

  @Test
  void theLatestRatingStandsAndTheStrongestSignalOtherwise() {
    List<Preference> prefs =
        Preference.fold(
            List.of(
                i("changed-mind-up", Kind.THUMBS_DOWN, 1),
                i("changed-mind-up", Kind.LOVED, 2),
                i("changed-mind-down", Kind.LOVED, 1),
                i("changed-mind-down", Kind.THUMBS_DOWN, 2),
                i("rated", Kind.COMPLETED, 1),
                i("rated", Kind.THUMBS_UP, 2),
                i("implicit", Kind.PARTIAL, 1),
                i("implicit", Kind.LISTED, 5),
                i("disliked-unwatched", Kind.THUMBS_DOWN, 3)));

    assertEquals(
        List.of(
            new Preference("changed-mind-down", -1.5, 1.0, T.plusSeconds(2)),
            new Preference("changed-mind-up", 2.0, 1.0, T.plusSeconds(2)),
            new Preference("disliked-unwatched", -1.5, 0.0, T.plusSeconds(3)),
            new Preference("implicit", 0.7, 0.5, T.plusSeconds(5)),
            new Preference("rated", 1.5, 1.0, T.plusSeconds(2))),
        prefs);
  }
}

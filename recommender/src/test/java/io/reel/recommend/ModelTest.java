package io.reel.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.recommend.Interaction.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The model on small synthetic data where the right answer is known. */
class ModelTest {

  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  private static final Predicate<String> ANY = i -> true;

  /** u1..u5 watch a and b; v1..v5 watch c and d; w1..w3 watch e (popular, unrelated). */
  private static List<Interaction> twoPairs() {
    List<Interaction> all = new ArrayList<>();
    for (int u = 1; u <= 5; u++) {
      all.add(watch("u" + u, "a", 10));
      all.add(watch("u" + u, "b", 9));
      all.add(watch("v" + u, "c", 10));
      all.add(watch("v" + u, "d", 9));
    }
    for (int u = 1; u <= 8; u++) {
      all.add(watch("w" + u, "e", 1));
    }
    return all;
  }

  private static Interaction watch(String user, String item, int daysAgo) {
    return at(user, item, Kind.COMPLETED, daysAgo);
  }

  private static Interaction at(String user, String item, Kind kind, int daysAgo) {
    return new Interaction(user, item, kind, NOW.minus(Duration.ofDays(daysAgo)));
  }

  private static Model train(List<Interaction> all, Blend blend) {
    return new Trainer(ModelSettings.defaults().withBlend(blend)).train(all, NOW);
  }

  private static List<String> items(List<Pick> picks) {
    return picks.stream().map(Pick::item).toList();
  }

  @Test
  void similarTitlesAreTheOnesWatchedTogether() {
    Model model = train(twoPairs(), ModelSettings.defaults().blend());

    List<Pick> picks = model.similar("a", 5, ANY);

    assertEquals(List.of("b"), items(picks));
    assertEquals(new Reason.WatchedTogether("a"), picks.get(0).reason());
    assertTrue(picks.get(0).score() > 0);
    assertEquals(List.of("c"), items(model.similar("d", 5, ANY)));
    assertEquals(List.of(), model.similar("unknown", 5, ANY));
  }

  @Test
  void explanationNamesTheHistoryTitleThatContributedMost() {
    Model model = train(twoPairs(), Blend.of(5, 0));
    List<Interaction> history = List.of(at("x", "a", Kind.LOVED, 3), watch("x", "c", 2));

    List<Pick> picks = model.topPicks("x", history, 2, ANY);

    assertEquals(Set.of("b", "d"), Set.copyOf(items(picks)));
    for (Pick p : picks) {
      String because = p.item().equals("b") ? "a" : "c";
      assertEquals(new Reason.BecauseYouWatched(because), p.reason(), p.toString());
    }
    // Loved weighs more than completed: b (from a) before d (from c).
    assertEquals("b", picks.get(0).item());
  }

  @Test
  void seenThumbsDownAndDisallowedTitlesAreLeftOut() {
    Model model = train(twoPairs(), Blend.of(5, 0));
    List<Interaction> history =
        List.of(
            watch("x", "a", 5), at("x", "b", Kind.THUMBS_DOWN, 4), at("x", "c", Kind.LISTED, 3));

    List<String> picks = items(model.topPicks("x", history, 10, i -> !i.equals("d")));

    assertEquals(List.of("e"), picks);
  }

  @Test
  void aThumbsDownPushesSimilarTitlesDown() {
    List<Interaction> all = twoPairs();
    Model model = train(all, Blend.of(0.5, 0));
    List<Interaction> liked = List.of(at("x", "c", Kind.THUMBS_UP, 1));
    List<Interaction> disliked = List.of(watch("x", "c", 1), at("x", "c", Kind.THUMBS_DOWN, 1));

    double likedScore = scoreOf(model.topPicks("x", liked, 10, ANY), "d");
    Optional<Pick> afterDislike =
        model.topPicks("x", disliked, 10, ANY).stream()
            .filter(p -> p.item().equals("d"))
            .findFirst();

    assertTrue(likedScore > 0);
    assertTrue(
        afterDislike.isEmpty() || afterDislike.get().score() < likedScore,
        "d should fall after a thumbs-down on c: " + afterDislike);
  }

  @Test
  void recentDemandOutranksOldDemandOfTheSameSize() {
    List<Interaction> all = new ArrayList<>();
    for (int u = 1; u <= 3; u++) {
      all.add(watch("old" + u, "aaa-old", 100));
      all.add(watch("new" + u, "zzz-new", 1));
    }
    ModelSettings settings = ModelSettings.defaults();

    Model decayed = new Trainer(settings).train(all, NOW);
    Model flat = new Trainer(settings.withPopularityHalfLife(Duration.ZERO)).train(all, NOW);

    assertEquals(List.of("zzz-new", "aaa-old"), items(decayed.popularNow(5, ANY)));
    assertEquals(
        List.of("zzz-new", "aaa-old"), items(decayed.topPicks("nobody", List.of(), 5, ANY)));
    // Without decay they tie, and a tie goes to the lower id.
    assertEquals(List.of("aaa-old", "zzz-new"), items(flat.popularNow(5, ANY)));
    assertEquals(new Reason.PopularNow(), decayed.popularNow(1, ANY).get(0).reason());
  }

  @Test
  void recentHistoryWeighsMoreThanOldHistory() {
    Model model = train(twoPairs(), new Blend(0, 1, 0));
    List<Interaction> history = List.of(watch("x", "a", 300), watch("x", "c", 1));

    List<String> picks = items(model.topPicks("x", history, 2, ANY));

    assertEquals(List.of("d", "b"), picks);
  }

  @Test
  void sameInteractionsInAnyOrderGiveTheSameAnswers() {
    Random random = new Random(7);
    List<Interaction> all = new ArrayList<>();
    for (int n = 0; n < 3000; n++) {
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      all.add(
          new Interaction(
              "user" + random.nextInt(200),
              "item" + random.nextInt(80),
              kind,
              NOW.minusSeconds(random.nextInt(90 * 86400))));
    }
    List<Interaction> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(8));

    Model first = new Trainer(ModelSettings.defaults()).train(all, NOW);
    Model second = new Trainer(ModelSettings.defaults()).train(shuffled, NOW);

    for (int u = 0; u < 20; u++) {
      String user = "user" + u;
      List<Interaction> history = all.stream().filter(i -> i.user().equals(user)).toList();
      List<Interaction> reversed = new ArrayList<>(history);
      Collections.reverse(reversed);
      assertEquals(
          first.topPicks(user, history, 10, ANY), second.topPicks(user, reversed, 10, ANY));
    }
    for (int i = 0; i < 20; i++) {
      assertEquals(first.similar("item" + i, 10, ANY), second.similar("item" + i, 10, ANY));
    }
    assertEquals(first.popularNow(10, ANY), second.popularNow(10, ANY));
  }

  @Test
  void titlesNobodyWatchedTogetherFallBackToTheirGenres() {
    List<Interaction> all = new ArrayList<>(twoPairs());
    all.add(watch("loner", "g", 1));
    List<ItemFacts> catalog =
        List.of(
            new ItemFacts("a", List.of("Drama")),
            new ItemFacts("b", List.of("Drama", "Romance")),
            new ItemFacts("c", List.of("Horror")),
            new ItemFacts("g", List.of("Drama", "Comedy")),
            new ItemFacts("h", List.of("Comedy")));
    Model model = new Trainer(ModelSettings.defaults()).train(all, catalog, NOW);

    List<Pick> picks = model.similar("g", 5, ANY);

    // a: Drama (1 of 2 genres shared, popular); b: Drama (1 of 3); h: Comedy (1 of 2, never
    // watched).
    assertEquals(List.of("a", "h", "b"), items(picks));
    assertEquals(new Reason.SharesGenres("g", List.of("Drama")), picks.get(0).reason());
    assertEquals(new Reason.SharesGenres("g", List.of("Comedy")), picks.get(1).reason());
    assertTrue(model.knows("h"));
    // A title only in the catalog is never popular.
    assertFalse(items(model.popularNow(10, ANY)).contains("h"));
  }

  @Test
  void becauseYouWatchedAnchorsOnTheLatestLikedTitleWithSomethingNewToShow() {
    Model model = train(twoPairs(), ModelSettings.defaults().blend());
    List<Interaction> history =
        List.of(
            watch("x", "a", 9),
            watch("x", "c", 5),
            watch("x", "d", 1),
            at("x", "d", Kind.THUMBS_DOWN, 1));

    Optional<AnchoredPicks> row = model.becauseYouWatched("x", history, 5, ANY);

    // d is disliked, so no anchor; c's only neighbour (d) is seen; a's (b) is new.
    assertEquals(Optional.of("a"), row.map(AnchoredPicks::anchor));
    assertEquals(List.of("b"), items(row.get().picks()));
    assertEquals(Optional.empty(), model.becauseYouWatched("x", List.of(), 5, ANY));
    // A title only listed is no anchor: the row says "watched".
    assertEquals(
        Optional.of("a"),
        model
            .becauseYouWatched(
                "x", List.of(watch("x", "a", 9), at("x", "c", Kind.LISTED, 1)), 5, ANY)
            .map(AnchoredPicks::anchor));
  }

  @Test
  void anotherViewersInteractionsAreIgnored() {
    Model model = train(twoPairs(), Blend.of(5, 0));
    // Were the other viewer's love of c counted, d would come first.
    List<Interaction> mixed = List.of(watch("x", "a", 1), at("someone-else", "c", Kind.LOVED, 1));

    List<Pick> picks = model.topPicks("x", mixed, 1, ANY);

    assertEquals(List.of("b"), items(picks));
  }

  @Test
  void genreTiltExplainsPopularPicksInTheViewersGenres() {
    List<Interaction> all = new ArrayList<>();
    for (int u = 1; u <= 6; u++) {
      all.add(watch("p" + u, "action-hit", 1));
    }
    for (int u = 1; u <= 5; u++) {
      all.add(watch("q" + u, "drama-hit", 1));
    }
    all.add(watch("r", "old-drama", 200));
    List<ItemFacts> catalog =
        List.of(
            new ItemFacts("action-hit", List.of("Action")),
            new ItemFacts("drama-hit", List.of("Drama")),
            new ItemFacts("old-drama", List.of("Drama")));
    ModelSettings settings = ModelSettings.defaults().withBlend(Blend.of(0, 1));
    Model model = new Trainer(settings).train(all, catalog, NOW);
    List<Interaction> history = List.of(watch("x", "old-drama", 1));

    List<Pick> picks = model.topPicks("x", history, 2, ANY);

    assertEquals(List.of("drama-hit", "action-hit"), items(picks));
    assertEquals(new Reason.PopularInYourGenres(List.of("Drama")), picks.get(0).reason());
    assertEquals(new Reason.PopularNow(), picks.get(1).reason());
  }

  private static double scoreOf(List<Pick> picks, String item) {
    return picks.stream().filter(p -> p.item().equals(item)).findFirst().orElseThrow().score();
  }
}

package io.reel.recommend.eval;

import io.reel.recommend.Blend;
import io.reel.recommend.Interaction;
import io.reel.recommend.ItemFacts;
import io.reel.recommend.ModelSettings;
import io.reel.recommend.eval.MovieTweetings.Dataset;
import io.reel.recommend.eval.MovieTweetings.Movie;
import io.reel.recommend.eval.MovieTweetings.Rating;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline evaluation ({@code ./reel bench recommend}, and the real-data test), end to end:
 *
 * <ol>
 *   <li>every rating becomes interactions ({@link RatingMapping});
 *   <li>the split is the {@code splitQuantile} of rating times; training is everything before it;
 *       evaluated are the viewers with at least {@code minHistory} titles before it and at least
 *       one new title after it, and their held-out titles are all they watched after it ({@link
 *       TimeSplit});
 *   <li>the blend and the popularity half-life are chosen on the last window of training ({@link
 *       Validation}), never on the test period;
 *   <li>every method is trained on the same training part and asked for rows of 10, titles already
 *       in the viewer's history excluded for all ({@link Evaluation}).
 * </ol>
 *
 * @param recentWindow the window of the "most popular lately" baseline
 * @param seed the random baseline's seed
 */
public record Protocol(
    double splitQuantile, int minHistory, Duration recentWindow, long seed, Validation.Grid grid) {

  public static Protocol standard() {
    return new Protocol(0.8, 5, Duration.ofDays(30), 42, Validation.Grid.standard());
  }

  public Report run(Dataset data, ModelSettings base) {
    List<Interaction> all = RatingMapping.interactions(data.ratings());
    Instant at =
        TimeSplit.quantile(data.ratings().stream().map(Rating::at).toList(), splitQuantile);
    TimeSplit split = TimeSplit.of(all, at, TimeSplit.after(all), minHistory);

    Map<String, ItemFacts> catalog = new HashMap<>();
    for (Movie m : data.movies().values()) {
      catalog.put(m.item(), m.facts());
    }
    Validation.Choice choice =
        Validation.choose(
            split.training(),
            at,
            split.window(),
            minHistory,
            new ReelMethod("Reel", base, catalog),
            grid);
    ModelSettings tuned = choice.settings();

    return new Report(
        this,
        split.at(),
        split.end(),
        split.training().size(),
        split.trainingItems().size(),
        split.heldOut().size(),
        split.heldOutCount(),
        data.skippedRatings() + data.skippedMovies(),
        choice,
        Evaluation.run(Baselines.random(seed), split),
        Evaluation.run(Baselines.mostPopular(), split),
        Evaluation.run(Baselines.mostPopularRecent(recentWindow), split),
        Evaluation.run(
            new ReelMethod("Reel, item-to-item only", tuned.withBlend(new Blend(0, 1, 0)), catalog),
            split),
        Evaluation.run(
            new ReelMethod("Reel, popularity part only", tuned.withBlend(Blend.of(0, 0)), catalog),
            split),
        Evaluation.run(new ReelMethod("Reel", tuned, catalog), split));
  }

  /**
   * One run's figures. {@code itemToItem} and {@code popularityOnly} are Reel's model with one part
   * switched off (same training), to show what each part brings.
   *
   * @param skippedLines lines of the dataset that did not parse
   */
  public record Report(
      Protocol protocol,
      Instant splitAt,
      Instant end,
      int trainingInteractions,
      int trainingItems,
      int users,
      int heldOut,
      int skippedLines,
      Validation.Choice validation,
      Evaluation.Result random,
      Evaluation.Result mostPopular,
      Evaluation.Result mostPopularRecent,
      Evaluation.Result itemToItem,
      Evaluation.Result popularityOnly,
      Evaluation.Result reel) {

    public List<Evaluation.Result> results() {
      return List.of(random, mostPopular, mostPopularRecent, itemToItem, popularityOnly, reel);
    }

    /** Reel ahead of both popularity baselines on hit rate at 10. */
    public boolean aheadOnHitRate() {
      return reel.hitRate() > Math.max(mostPopular.hitRate(), mostPopularRecent.hitRate());
    }

    /** Reel ahead of both popularity baselines on NDCG at 10. */
    public boolean aheadOnNdcg() {
      return reel.ndcg() > Math.max(mostPopular.ndcg(), mostPopularRecent.ndcg());
    }
  }
}

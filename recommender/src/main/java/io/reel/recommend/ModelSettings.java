package io.reel.recommend;

import java.time.Duration;
import java.util.Objects;

/**
 * The model's parameters. The defaults for {@link #popularityHalfLife} and {@link #blend} are the
 * ones the validation protocol chose on MovieTweetings (see this module's README); the others are
 * fixed by design, not tuned.
 *
 * @param neighbours item-to-item neighbours kept per title: bounds memory to titles × this
 * @param shrinkage pairs seen together by few viewers count less: cosine × n / (n + shrinkage)
 * @param popularityHalfLife demand this old counts half; {@link Duration#ZERO}: no decay
 * @param historyHalfLife a viewer's own watch this old counts half; {@link Duration#ZERO}: none
 * @param maxHistory per viewer, only the latest this many titles train the similarity, which bounds
 *     training time (it grows with the square of a history's length)
 * @param blend how top picks mix popularity, item-to-item and genre match
 */
public record ModelSettings(
    int neighbours,
    double shrinkage,
    Duration popularityHalfLife,
    Duration historyHalfLife,
    int maxHistory,
    Blend blend) {

  public ModelSettings {
    if (neighbours < 1 || maxHistory < 1 || !(shrinkage >= 0)) {
      throw new IllegalArgumentException("neighbours and maxHistory >= 1, shrinkage >= 0");
    }
    Objects.requireNonNull(blend, "blend");
    requireNotNegative(popularityHalfLife, "popularityHalfLife");
    requireNotNegative(historyHalfLife, "historyHalfLife");
  }

  /**
   * Popularity half-life 1 day, blend item-to-item 0.05 and genre match 1.0: what {@code
   * eval.Validation} chose on MovieTweetings (the test {@code MovieTweetingsEvaluationTest} keeps
   * the two in step). A day is short because new releases dominate what people watch there.
   */
  public static ModelSettings defaults() {
    return new ModelSettings(
        50, 5.0, Duration.ofDays(1), Duration.ofDays(60), 500, Blend.of(0.05, 1.0));
  }

  public ModelSettings withPopularityHalfLife(Duration halfLife) {
    return new ModelSettings(neighbours, shrinkage, halfLife, historyHalfLife, maxHistory, blend);
  }

  public ModelSettings withBlend(Blend newBlend) {
    return new ModelSettings(
        neighbours, shrinkage, popularityHalfLife, historyHalfLife, maxHistory, newBlend);
  }

  /** The weight of something {@code ageSeconds} old under a half-life (1 when it has none). */
  static double decay(double ageSeconds, Duration halfLife) {
    if (halfLife.isZero() || ageSeconds <= 0) {
      return 1.0;
    }
    return Math.exp(-Math.log(2) * ageSeconds / halfLife.toSeconds());
  }

  private static void requireNotNegative(Duration d, String name) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0");
    }
  }
}

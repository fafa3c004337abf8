package io.reel.recommend.eval;

import io.reel.recommend.Blend;
import io.reel.recommend.Interaction;
import io.reel.recommend.Model;
import io.reel.recommend.ModelSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the blend and the popularity half-life on a validation split carved out of the training
 * data only: the same protocol moved back by one window (train before {@code at - window}, validate
 * on {@code [at - window, at)}), so the test period is never looked at. Each half-life trains one
 * model; the blends reuse it ({@link Model#withBlend}).
 *
 * <p>The best is the highest hit rate at 10, then NDCG at 10; among equals the first in grid order
 * (the grid lists smaller weights first), so a tie goes to the simpler blend.
 */
public final class Validation {

  private Validation() {}

  /** What is tried: every half-life × every personal weight × every content weight. */
  public record Grid(List<Duration> halfLives, List<Double> personal, List<Double> content) {
    public static Grid standard() {
      return new Grid(
          List.of(Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(4)),
          List.of(0.0, 0.02, 0.05, 0.1),
          List.of(0.0, 0.5, 1.0, 2.0));
    }

    public int size() {
      return halfLives.size() * personal.size() * content.size();
    }
  }

  public record Score(Duration popularityHalfLife, Blend blend, double hitRate, double ndcg) {}

  /**
   * @param best the chosen settings, with their validation figures
   * @param split the validation split (its training ends at the validation point)
   * @param took wall-clock time of the whole search
   */
  public record Choice(
      Score best, List<Score> tried, TimeSplit split, ModelSettings settings, Duration took) {}

  /**
   * @param training the training part of the real split: all this reads
   * @param at the real split
   * @param window the real evaluation window's length; validation uses the same
   */
  public static Choice choose(
      List<Interaction> training,
      Instant at,
      Duration window,
      int minHistory,
      ReelMethod base,
      Grid grid) {
    long started = System.nanoTime();
    TimeSplit split = TimeSplit.of(training, at.minus(window), at, minHistory);
    List<Score> tried = new ArrayList<>(grid.size());
    Score best = null;
    for (Duration halfLife : grid.halfLives()) {
      ModelSettings settings = base.settings().withPopularityHalfLife(halfLife);
      Model model =
          new ReelMethod(base.name(), settings, base.catalog()).train(split.training(), split.at());
      for (double personal : grid.personal()) {
        for (double content : grid.content()) {
          Blend blend = Blend.of(personal, content);
          Model blended = model.withBlend(blend);
          Evaluation.Quality q =
              Evaluation.measure(
                  (user, history, k, allowed) ->
                      blended.topPicks(user, history, k, allowed).stream()
                          .map(p -> p.item())
                          .toList(),
                  split);
          Score s = new Score(halfLife, blend, q.hitRate(), q.ndcg());
          tried.add(s);
          if (best == null
              || s.hitRate() > best.hitRate()
              || (s.hitRate() == best.hitRate() && s.ndcg() > best.ndcg())) {
            best = s;
          }
        }
      }
    }
    ModelSettings chosen =
        base.settings().withPopularityHalfLife(best.popularityHalfLife()).withBlend(best.blend());
    return new Choice(
        best, List.copyOf(tried), split, chosen, Duration.ofNanos(System.nanoTime() - started));
  }
}

package io.reel.recommend.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reel.recommend.ModelSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline protocol on the real MovieTweetings 100K ratings (../shared/datasets beside the
 * repository; skipped when absent). The figures themselves are {@code ./reel bench recommend}'s;
 * this checks the claims: Reel ahead of both popularity baselines, tuned without the test period.
 */
class MovieTweetingsEvaluationTest {

  private static Protocol.Report report;

  @BeforeAll
  static void run() throws Exception {
    Path dir =
        MovieTweetings.repoRoot(Path.of("")).map(MovieTweetings::directory).orElse(Path.of("-"));
    assumeTrue(MovieTweetings.present(dir), "no MovieTweetings 100K at " + dir);
    report = Protocol.standard().run(MovieTweetings.read(dir), ModelSettings.defaults());
  }

  @Test
  void reelIsAheadOfBothPopularityBaselinesOnHitRate() {
    String table =
        report.results().stream()
            .map(
                r ->
                    String.format("%s: HR@10 %.4f NDCG@10 %.4f", r.method(), r.hitRate(), r.ndcg()))
            .collect(Collectors.joining("\n"));
    assertTrue(report.aheadOnHitRate(), table);
    assertTrue(report.random().hitRate() < report.mostPopular().hitRate(), table);
    assertTrue(report.users() > 1000, "evaluated viewers: " + report.users());
  }

  @Test
  void theValidationNeverSawTheTestPeriod() {
    TimeSplit validation = report.validation().split();

    assertEquals(report.splitAt(), validation.end());
    // The same window as the test's, moved back to end where training ends.
    assertEquals(
        report.splitAt().minus(Duration.between(report.splitAt(), report.end())), validation.at());
    assertTrue(validation.training().stream().allMatch(i -> i.at().isBefore(validation.at())));
  }

  @Test
  void theDefaultsAreWhatTheValidationChose() {
    ModelSettings chosen = report.validation().settings();

    assertEquals(ModelSettings.defaults().popularityHalfLife(), chosen.popularityHalfLife());
    assertEquals(ModelSettings.defaults().blend(), chosen.blend());
  }
}

package io.reel.bench;

import io.reel.recommend.Interaction;
import io.reel.recommend.ItemFacts;
import io.reel.recommend.Model;
import io.reel.recommend.ModelSettings;
import io.reel.recommend.Trainer;
import io.reel.recommend.eval.Evaluation;
import io.reel.recommend.eval.MovieTweetings;
import io.reel.recommend.eval.Protocol;
import io.reel.recommend.eval.RatingMapping;
import io.reel.recommend.eval.Validation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prints figures, asserts nothing ({@code ./reel bench recommend}): Reel's recommendation model
 * against random and popularity rows on real viewing data, the MovieTweetings 100K ratings, with
 * the time-based protocol of {@link Protocol} (split at the 80th percentile of rating times, blend
 * chosen on the window before it, rows of 10). Needs no Cassandra or Kafka: it is the model alone,
 * in this JVM.
 *
 * <p>Runs the whole protocol {@code bench.runs} times (default 2; quality figures must repeat
 * exactly, times may not), then times the trainer on all the ratings {@code bench.trainings} times
 * (default 5). The dataset is read from {@code ../shared/datasets/movietweetings-100k} beside the
 * repository root ({@code reel.repo.root}); without it, this says where to put it and exits 2.
 */
public final class RecommendBenchmark {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private RecommendBenchmark() {}

  public static void main(String[] args) {
    try {
      System.exit(run());
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static int run() throws Exception {
    Path root =
        System.getProperty("reel.repo.root") != null
            ? Path.of(System.getProperty("reel.repo.root"))
            : MovieTweetings.repoRoot(Path.of("")).orElse(Path.of("").toAbsolutePath());
    Path dir = MovieTweetings.directory(root);
    if (!MovieTweetings.present(dir)) {
      System.err.printf(
          "recommend: the MovieTweetings 100K dataset is missing. Put ratings.dat and movies.dat"
              + " (the 100K snapshot of github.com/sidooms/MovieTweetings, MIT) in%n  %s%n"
              + "(%s, relative to the repository root %s)%n",
          dir, MovieTweetings.RELATIVE_PATH, root);
      return 2;
    }
    int runs = Integer.getInteger("bench.runs", 2);
    int trainings = Integer.getInteger("bench.trainings", 5);
    System.out.printf(
        "machine: %d cores, Java %s, max heap %d MB; load average %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        LoadAverage.now());

    long started = System.nanoTime();
    MovieTweetings.Dataset data = MovieTweetings.read(dir);
    System.out.printf(
        "dataset: %s: %,d ratings, %,d films, %d lines skipped; read in %d ms%n",
        dir,
        data.ratings().size(),
        data.movies().size(),
        data.skippedRatings() + data.skippedMovies(),
        (System.nanoTime() - started) / 1_000_000);

    Protocol protocol = Protocol.standard();
    for (int run = 1; run <= runs; run++) {
      System.out.printf("%n--- run %d of %d (load average %s) ---%n", run, runs, LoadAverage.now());
      Protocol.Report report = protocol.run(data, ModelSettings.defaults());
      print(report);
      System.out.printf("load average after run %d: %s%n", run, LoadAverage.now());
    }

    System.out.printf("%ntrainer on all %,d ratings:%n", data.ratings().size());
    List<Interaction> all = RatingMapping.interactions(data.ratings());
    List<ItemFacts> catalog = data.movies().values().stream().map(m -> m.facts()).toList();
    List<Long> millis = new ArrayList<>();
    Model model = null;
    for (int t = 1; t <= trainings; t++) {
      model =
          new Trainer(ModelSettings.defaults())
              .train(
                  all,
                  catalog,
                  all.stream().map(Interaction::at).max(Instant::compareTo).orElseThrow());
      millis.add(model.report().took().toMillis());
      System.out.printf(
          "  training %d: %d ms (%,d interactions, %,d viewers, %,d titles, %,d neighbour pairs);"
              + " load average %s%n",
          t,
          model.report().took().toMillis(),
          model.report().interactions(),
          model.report().users(),
          model.report().items(),
          model.report().neighbours(),
          LoadAverage.now());
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf(
        "  median %d ms, first (cold JIT) %d ms%n", sorted.get(sorted.size() / 2), millis.get(0));
    return 0;
  }

  private static void print(Protocol.Report r) {
    Protocol p = r.protocol();
    System.out.printf(
        "split at the %.0fth percentile of rating times: %s UTC; test window %s .. %s (%d days)%n",
        p.splitQuantile() * 100,
        DAY.format(r.splitAt()),
        DAY.format(r.splitAt()),
        DAY.format(r.end()),
        Duration.between(r.splitAt(), r.end()).toDays());
    System.out.printf(
        "training: %,d interactions on %,d titles; evaluated: %,d viewers (>= %d titles before,"
            + " >= 1 new after), %,d held-out titles%n",
        r.trainingInteractions(), r.trainingItems(), r.users(), p.minHistory(), r.heldOut());
    Validation.Choice v = r.validation();
    System.out.printf(
        "validation (training data only: %s .. %s, %,d viewers): %d settings tried in %.1f s;"
            + " chosen popularity half-life %.1f days, blend personal %.2f content %.2f"
            + " (validation HR@10 %.4f, NDCG@10 %.4f)%n",
        DAY.format(v.split().at()),
        DAY.format(v.split().end()),
        v.split().heldOut().size(),
        v.tried().size(),
        v.took().toMillis() / 1000.0,
        v.best().popularityHalfLife().toMinutes() / 1440.0,
        v.best().blend().personal(),
        v.best().blend().content(),
        v.best().hitRate(),
        v.best().ndcg());
    System.out.printf(
        "%-34s %8s %8s %9s %11s%n", "method", "HR@10", "NDCG@10", "coverage", "training");
    for (Evaluation.Result e : r.results()) {
      System.out.printf(
          "%-34s %8.4f %8.4f %8.1f%% %8.0f ms%n",
          e.method(), e.hitRate(), e.ndcg(), e.coverage() * 100, e.training().toNanos() / 1e6);
    }
    double bestPopularHr = Math.max(r.mostPopular().hitRate(), r.mostPopularRecent().hitRate());
    double bestPopularNdcg = Math.max(r.mostPopular().ndcg(), r.mostPopularRecent().ndcg());
    System.out.printf(
        "goal: ahead of both popularity baselines -> %s (HR@10 %+.1f %%, NDCG@10 %+.1f %% against"
            + " the better of the two)%n",
        r.aheadOnHitRate() && r.aheadOnNdcg() ? "met" : "NOT met",
        100 * (r.reel().hitRate() / bestPopularHr - 1),
        100 * (r.reel().ndcg() / bestPopularNdcg - 1));
  }
}

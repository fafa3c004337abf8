package io.reel.recommend.eval;

import io.reel.recommend.Interaction;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** A way to fill a row of k titles: Reel's model or a baseline, evaluated on the same split. */
public interface Method {

  String name();

  /** Learns from the interactions before {@code at} (the evaluation times this). */
  Ranker fit(List<Interaction> training, Instant at);

  /** A fitted method. */
  interface Ranker {
    /**
     * Up to {@code k} distinct titles for the viewer, best first, each passing {@code allowed}.
     *
     * @param history the viewer's training interactions
     */
    List<String> rank(String user, List<Interaction> history, int k, Predicate<String> allowed);
  }
}

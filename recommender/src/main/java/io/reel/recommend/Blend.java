package io.reel.recommend;

/**
 * How a top pick's score mixes its parts:
 *
 * <pre>popularity × pop × (1 + content × genre match) + personal × item-to-item</pre>
 *
 * each part scaled to [0, 1] first: {@code pop} by the most popular title, the item-to-item score
 * by the viewer's best candidate, the genre match is a cosine. Popularity is the recency signal
 * (time-decayed demand). Only the ratios matter; the tuned blends keep {@code popularity = 1}.
 *
 * <p>The genre match multiplies popularity rather than adding to it: it tilts what is watched now
 * toward the viewer's genres, and never lifts an old film nobody watches because its genres fit.
 *
 * @param popularity weight of time-decayed popularity (0: item-to-item only, no fill-in)
 * @param personal weight of the item-to-item score (0: popularity only)
 * @param content weight of the genre match (0: no tilt)
 */
public record Blend(double popularity, double personal, double content) {

  public Blend {
    if (!(popularity >= 0) || !(personal >= 0) || !(content >= 0)) {
      throw new IllegalArgumentException(
          "blend weights are >= 0: " + popularity + ", " + personal + ", " + content);
    }
  }

  /** Popularity weighted 1, the others as given: the blends the validation tries. */
  public static Blend of(double personal, double content) {
    return new Blend(1, personal, content);
  }
}

package io.reel.recommend.eval;

import io.reel.recommend.Interaction;
import io.reel.recommend.Interaction.Kind;
import io.reel.recommend.eval.MovieTweetings.Rating;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A MovieTweetings rating as the interactions Reel would have seen. Every rating is a completed
 * watch (people rate on IMDb what they saw); the score then says what the viewer thought, read on
 * IMDb's scale where the mean is about 7.3 out of 10:
 *
 * <ul>
 *   <li>9-10: {@link Kind#LOVED} (26 % of ratings)
 *   <li>7-8: {@link Kind#THUMBS_UP} (46 %): on this scale 7 is already "good"
 *   <li>5-6: the watch only (20 %): no opinion worth acting on
 *   <li>0-4: {@link Kind#THUMBS_DOWN} (8 %)
 * </ul>
 *
 * <p>The watch and the rating share the rating's time, as a thumbs given at the end of a play
 * would.
 */
public final class RatingMapping {

  public static final int LOVED_FROM = 9;
  public static final int THUMBS_UP_FROM = 7;
  public static final int THUMBS_DOWN_UP_TO = 4;

  private RatingMapping() {}

  public static List<Interaction> interactions(Rating r) {
    List<Interaction> out = new ArrayList<>(2);
    out.add(new Interaction(r.user(), r.item(), Kind.COMPLETED, r.at()));
    if (r.score() >= LOVED_FROM) {
      out.add(new Interaction(r.user(), r.item(), Kind.LOVED, r.at()));
    } else if (r.score() >= THUMBS_UP_FROM) {
      out.add(new Interaction(r.user(), r.item(), Kind.THUMBS_UP, r.at()));
    } else if (r.score() <= THUMBS_DOWN_UP_TO) {
      out.add(new Interaction(r.user(), r.item(), Kind.THUMBS_DOWN, r.at()));
    }
    return out;
  }

  public static List<Interaction> interactions(Collection<Rating> ratings) {
    List<Interaction> out = new ArrayList<>(ratings.size() * 2);
    ratings.forEach(r -> out.addAll(interactions(r)));
    return out;
  }
}

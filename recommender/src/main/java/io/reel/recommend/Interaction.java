package io.reel.recommend;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing a viewer (a profile) did with a title, as the recommendation projection sees it: the
 * model learns from these only, so plays, ratings and list adds all become this one shape.
 *
 * @param user the profile's id
 * @param item the title's id
 * @param kind what happened; its weights say what it tells about taste and about demand
 * @param at when it happened
 */
public record Interaction(String user, String item, Kind kind, Instant at) {

  public Interaction {
    if (user == null || user.isBlank() || item == null || item.isBlank()) {
      throw new IllegalArgumentException("an interaction needs a user and an item");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }

  /**
   * What happened. {@code preference} is what it says about the viewer's taste (negative: show less
   * like this); {@code demand} is what it says about the title being wanted now, for the popularity
   * part. A thumbs-down title was still watched, so the watch that comes with it counts as demand,
   * the thumbs-down itself does not.
   */
  public enum Kind {
    /** Played to (nearly) the end. */
    COMPLETED(1.0, 1.0, false),
    /** Started and left: weaker than a completed play, still interest. */
    PARTIAL(0.5, 0.5, false),
    /** Added to My List: intent, not yet a watch. */
    LISTED(0.7, 0.5, false),
    THUMBS_UP(1.5, 1.0, true),
    /** The strongest positive signal ("love this"). */
    LOVED(2.0, 1.0, true),
    /** Never recommend it again, and push down what resembles it. */
    THUMBS_DOWN(-1.5, 0.0, true);

    private final double preference;
    private final double demand;
    private final boolean rating;

    Kind(double preference, double demand, boolean rating) {
      this.preference = preference;
      this.demand = demand;
      this.rating = rating;
    }

    public double preference() {
      return preference;
    }

    public double demand() {
      return demand;
    }

    /**
     * A rating replaces the viewer's earlier rating of the same title (they changed their mind).
     */
    public boolean isRating() {
      return rating;
    }

    /** A play as the read models keep it: finished or not. */
    public static Kind ofPlay(boolean finished) {
      return finished ? COMPLETED : PARTIAL;
    }

    /** A profile's rating by its wire name ({@code down}, {@code up}, {@code love}); else empty. */
    public static java.util.Optional<Kind> ofRating(String wire) {
      return switch (wire == null ? "" : wire) {
        case "down" -> java.util.Optional.of(THUMBS_DOWN);
        case "up" -> java.util.Optional.of(THUMBS_UP);
        case "love" -> java.util.Optional.of(LOVED);
        default -> java.util.Optional.empty();
      };
    }
  }
}

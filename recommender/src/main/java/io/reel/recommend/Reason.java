package io.reel.recommend;

import java.util.List;

/**
 * Why a title is in a row, so each row can explain itself ("Because you watched …", "Popular now").
 * Items are ids; the read side renders them with their titles.
 */
public sealed interface Reason {

  /** A title of the viewer's history contributed most to this pick. */
  record BecauseYouWatched(String item) implements Reason {}

  /** Mostly how much it is watched right now. */
  record PopularNow() implements Reason {}

  /** Popular now, and in genres the viewer watches most (ordered by the viewer's taste). */
  record PopularInYourGenres(List<String> genres) implements Reason {
    public PopularInYourGenres {
      genres = List.copyOf(genres);
    }
  }

  /** Viewers of {@code item} also watched this (item-to-item similarity). */
  record WatchedTogether(String item) implements Reason {}

  /** The content fallback: shares these genres with {@code item}, nobody watched both yet. */
  record SharesGenres(String item, List<String> genres) implements Reason {
    public SharesGenres {
      genres = List.copyOf(genres);
    }
  }
}

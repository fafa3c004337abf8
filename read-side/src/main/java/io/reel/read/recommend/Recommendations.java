package io.reel.read.recommend;

import io.reel.domain.title.MaturityRating;
import io.reel.read.personal.ProfileRowQueries;
import io.reel.recommend.AnchoredPicks;
import io.reel.recommend.Interaction;
import io.reel.recommend.Model;
import io.reel.recommend.Pick;
import io.reel.recommend.Reason;
import io.reel.search.TitleSearch;
import io.reel.search.TitleSearch.Card;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The recommendation rows, scored per request: the published model (trained every few minutes) with
 * the profile's history as it is now, so a play, a rating or a list add changes the picks at once.
 * Every title is within the profile's maturity limit and published; each carries a one-line reason.
 * Without a model yet, top picks are what is trending and "more like this" is the index's text
 * similarity.
 */
public final class Recommendations {

  /** A recommended title and why it is there. */
  public record Suggested(Card title, String why) {}

  /** A "Because you watched" row: the title of the history it hangs on, and its picks. */
  public record Anchored(Card anchor, List<Suggested> titles) {}

  /** Candidates asked of the model per row slot: some fall to the maturity limit. */
  private static final int OVERFETCH = 4;

  private final ModelFeed feed;
  private final TitleSearch search;

  public Recommendations(ModelFeed feed, TitleSearch search) {
    this.feed = feed;
    this.search = search;
  }

  /** A profile's history as the model reads it: the same mapping the trainer uses. */
  public static List<Interaction> history(
      String user,
      List<ProfileRowQueries.Watched> watched,
      List<ProfileRowQueries.RatedTitle> rated,
      List<ProfileRowQueries.Listed> listed) {
    List<Interaction> out = new ArrayList<>();
    for (ProfileRowQueries.Watched w : watched) {
      if (w.inHistory() && w.positionSeconds() > 0) {
        out.add(
            new Interaction(
                user, w.titleId(), Interaction.Kind.ofPlay(w.finished()), w.lastWatched()));
      }
    }
    for (ProfileRowQueries.Listed l : listed) {
      out.add(new Interaction(user, l.titleId(), Interaction.Kind.LISTED, l.addedAt()));
    }
    for (ProfileRowQueries.RatedTitle r : rated) {
      Interaction.Kind.ofRating(r.rating().wire())
          .ifPresent(
              kind ->
                  out.add(
                      new Interaction(
                          user,
                          r.titleId(),
                          kind,
                          r.ratedAt() == null ? java.time.Instant.EPOCH : r.ratedAt())));
    }
    return out;
  }

  public List<Suggested> topPicks(
      String user, List<Interaction> history, MaturityRating limit, int size) {
    Optional<Model> model = feed.model();
    if (model.isEmpty()) {
      Set<String> seen = new HashSet<>();
      history.forEach(i -> seen.add(i.item()));
      return search.trending(limit, 7, size + seen.size()).stream()
          .filter(c -> !seen.contains(c.id()))
          .limit(size)
          .map(c -> new Suggested(c, "Popular now"))
          .toList();
    }
    return render(
        model.get().topPicks(user, history, size * OVERFETCH, allowed(limit)), limit, size);
  }

  public Optional<Anchored> becauseYouWatched(
      String user, List<Interaction> history, MaturityRating limit, int size) {
    Optional<Model> model = feed.model();
    if (model.isEmpty()) {
      return Optional.empty();
    }
    Optional<AnchoredPicks> picks =
        model.get().becauseYouWatched(user, history, size * OVERFETCH, allowed(limit));
    if (picks.isEmpty()) {
      return Optional.empty();
    }
    List<Card> anchor = search.cards(List.of(picks.get().anchor()), limit);
    List<Suggested> titles = render(picks.get().picks(), limit, size);
    return anchor.isEmpty() || titles.isEmpty()
        ? Optional.empty()
        : Optional.of(new Anchored(anchor.get(0), titles));
  }

  /**
   * "More like this" on a title: titles watched by the same viewers first, then titles sharing its
   * genres (the model), then the index's text similarity (synopsis, cast, title) for the rest.
   * Empty when the title is not published or is above the limit.
   */
  public Optional<List<Suggested>> moreLikeThis(String id, MaturityRating limit, int size) {
    if (search.cards(List.of(id), limit).isEmpty()) {
      return Optional.empty();
    }
    List<Suggested> out = new ArrayList<>();
    feed.model()
        .ifPresent(
            m -> out.addAll(render(m.similar(id, size * OVERFETCH, allowed(limit)), limit, size)));
    if (out.size() < size) {
      Set<String> have = new HashSet<>();
      out.forEach(s -> have.add(s.title().id()));
      for (Card c : search.moreLikeThis(id, limit, size + have.size())) {
        if (out.size() < size && have.add(c.id())) {
          out.add(new Suggested(c, "A similar story, cast or genre"));
        }
      }
    }
    return Optional.of(out);
  }

  /** The picks' cards in order (only those the limit allows), each with its reason in words. */
  private List<Suggested> render(List<Pick> picks, MaturityRating limit, int size) {
    Map<String, Card> cards = new HashMap<>();
    for (Card c : search.cards(picks.stream().map(Pick::item).toList(), limit)) {
      cards.put(c.id(), c);
    }
    List<Pick> kept = picks.stream().filter(p -> cards.containsKey(p.item())).limit(size).toList();
    Map<String, String> names = new LinkedHashMap<>();
    List<String> referred = new ArrayList<>();
    for (Pick p : kept) {
      referred.add(referredItem(p.reason()));
    }
    for (Card c :
        search.cards(
            referred.stream().filter(r -> r != null).distinct().toList(), MaturityRating.NR)) {
      names.put(c.id(), c.title());
    }
    return kept.stream()
        .map(p -> new Suggested(cards.get(p.item()), why(p.reason(), names)))
        .toList();
  }

  private static String referredItem(Reason reason) {
    if (reason instanceof Reason.BecauseYouWatched r) {
      return r.item();
    }
    if (reason instanceof Reason.WatchedTogether r) {
      return r.item();
    }
    if (reason instanceof Reason.SharesGenres r) {
      return r.item();
    }
    return null;
  }

  static String why(Reason reason, Map<String, String> names) {
    String item = referredItem(reason);
    if (item != null && !names.containsKey(item)) {
      // The title it hangs on is not one this profile may see (any more): no name then.
      return "Recommended for you";
    }
    if (reason instanceof Reason.BecauseYouWatched r) {
      return "Because you watched " + names.get(r.item());
    }
    if (reason instanceof Reason.WatchedTogether r) {
      return "Viewers of " + names.get(r.item()) + " watched it too";
    }
    if (reason instanceof Reason.SharesGenres r) {
      return String.join(" and ", r.genres()) + ", like " + names.get(r.item());
    }
    if (reason instanceof Reason.PopularInYourGenres r) {
      return "Popular now in " + String.join(" and ", r.genres());
    }
    return "Popular now";
  }

  /**
   * What the model may offer a profile of {@code limit}: anything (the cards leave out what is not
   * published) when it has no limit, else only the titles within it, so a kids profile's rows fill
   * up from what it may see instead of coming back short.
   */
  private java.util.function.Predicate<String> allowed(MaturityRating limit) {
    if (limit == MaturityRating.NR) {
      return i -> true;
    }
    java.util.Set<String> ids = search.visibleIds(limit);
    return ids::contains;
  }
}

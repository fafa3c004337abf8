package io.reel.recommend;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * A trained recommendation model: immutable and safe to share between threads. Top picks cost about
 * the viewer's history × neighbours, not the catalog's size; the content fallback of {@link
 * #similar} scans the titles once. The viewer's history is passed in with each question rather than
 * kept here, so a new play counts at once, before the next training run.
 *
 * <p>Rows it answers: "Top picks for you" ({@link #topPicks}), "Because you watched X" ({@link
 * #becauseYouWatched}), "More like this" ({@link #similar}) and "Popular now" ({@link
 * #popularNow}). Every pick carries a {@link Reason}. Titles the viewer has any history with
 * (watched, listed, thumbs-down) never come back as top picks; {@code allowed} is the caller's
 * filter (published, within the profile's maturity limit).
 */
public final class Model {

  /** How well a title's genres must match the viewer's for "popular in your genres". */
  static final double GENRE_MATCH_REASON = 0.5;

  /** Genres named in a "popular in your genres" reason, at most. */
  private static final int REASON_GENRES = 2;

  private final ModelSettings settings;
  private final Instant trainedAt;
  private final ItemIndex index;
  private final Neighbours neighbours;
  private final double[] popularity;
  private final int[] byPopularity;
  private final Genres genres;
  private final TrainingReport report;

  /**
   * Each thread's scratch for {@link #taste}: dense arrays over the titles, cleared after each
   * question (only the entries it touched), so a question allocates nothing the size of the
   * catalog.
   */
  private final ThreadLocal<Taste> scratch;

  Model(
      ModelSettings settings,
      Instant trainedAt,
      ItemIndex index,
      Neighbours neighbours,
      double[] popularity,
      Genres genres,
      TrainingReport report) {
    this(
        settings,
        trainedAt,
        index,
        neighbours,
        popularity,
        mostPopularFirst(popularity),
        genres,
        report);
  }

  private Model(
      ModelSettings settings,
      Instant trainedAt,
      ItemIndex index,
      Neighbours neighbours,
      double[] popularity,
      int[] byPopularity,
      Genres genres,
      TrainingReport report) {
    this.settings = settings;
    this.trainedAt = trainedAt;
    this.index = index;
    this.neighbours = neighbours;
    this.popularity = popularity;
    this.byPopularity = byPopularity;
    this.genres = genres;
    this.report = report;
    this.scratch = ThreadLocal.withInitial(() -> new Taste(index.size(), genres));
  }

  private static int[] mostPopularFirst(double[] popularity) {
    return IntStream.range(0, popularity.length)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -popularity[i]).thenComparing(i -> i))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  public ModelSettings settings() {
    return settings;
  }

  ItemIndex index() {
    return index;
  }

  Neighbours neighbours() {
    return neighbours;
  }

  double[] popularity() {
    return popularity;
  }

  Genres genres() {
    return genres;
  }

  /** The {@code now} the model was trained for: popularity is decayed to this instant. */
  public Instant trainedAt() {
    return trainedAt;
  }

  public TrainingReport report() {
    return report;
  }

  /** Whether the model knows the title (from interactions or the catalog it was given). */
  public boolean knows(String item) {
    return index.of(item) >= 0;
  }

  /**
   * The same trained model, answering with other blend weights: the validation protocol tries
   * several without training again.
   */
  public Model withBlend(Blend blend) {
    return new Model(
        settings.withBlend(blend),
        trainedAt,
        index,
        neighbours,
        popularity,
        byPopularity,
        genres,
        report);
  }

  /**
   * "Top picks for you": popularity now, tilted toward the viewer's genres, plus the item-to-item
   * score of the viewer's history (recent watches weigh more; a thumbs-down pushes similar titles
   * down). With no history it is "popular now".
   *
   * @param user the viewer; interactions of others in {@code userHistory} are ignored
   * @param userHistory the viewer's interactions (any order)
   */
  public List<Pick> topPicks(
      String user, Collection<Interaction> userHistory, int k, Predicate<String> allowed) {
    if (k <= 0) {
      return List.of();
    }
    Taste taste = taste(user, userHistory);
    try {
      return topPicks(taste, k, allowed);
    } finally {
      taste.clear();
    }
  }

  private List<Pick> topPicks(Taste taste, int k, Predicate<String> allowed) {
    Blend blend = settings.blend();
    TopK top = new TopK(k);
    // Titles the history points to: scored one by one.
    for (int t = 0; t < taste.candidateCount; t++) {
      int i = taste.candidates[t];
      double score = score(taste, i, blend);
      if (score > 0 && top.accepts(i, score) && allowed.test(index.id(i))) {
        top.offer(i, score);
      }
    }
    // Every other title scores popularity × (1 + content × match) at most: walk them most popular
    // first and stop once none can enter the row.
    double tilt = blend.popularity() * (1 + blend.content());
    for (int i : byPopularity) {
      double ceiling = tilt * popularity[i];
      if (ceiling <= 0 || (top.size() == k && ceiling < top.score(k - 1))) {
        break;
      }
      if (taste.state[i] != Taste.NONE) {
        continue;
      }
      double score = score(taste, i, blend);
      if (score > 0 && top.accepts(i, score) && allowed.test(index.id(i))) {
        top.offer(i, score);
      }
    }
    List<Pick> picks = new ArrayList<>(top.size());
    for (int r = 0; r < top.size(); r++) {
      int i = top.index(r);
      picks.add(new Pick(index.id(i), top.score(r), reason(taste, i, blend)));
    }
    return picks;
  }

  /**
   * "More like this": the titles most often watched by the same viewers, best first; when there are
   * fewer than {@code k}, titles sharing its genres follow (weighted a little by popularity),
   * scored below the last co-watched one. Unknown titles get an empty row.
   */
  public List<Pick> similar(String item, int k, Predicate<String> allowed) {
    int j = index.of(item);
    List<Pick> picks = new ArrayList<>();
    if (j < 0 || k <= 0) {
      return picks;
    }
    Set<Integer> taken = new HashSet<>();
    for (int s = neighbours.from(j); s < neighbours.to(j) && picks.size() < k; s++) {
      int i = neighbours.item(s);
      if (allowed.test(index.id(i))) {
        picks.add(
            new Pick(index.id(i), neighbours.similarity(s), new Reason.WatchedTogether(item)));
        taken.add(i);
      }
    }
    if (picks.size() < k && genres.of(j).length > 0) {
      double below = picks.isEmpty() ? 1 : picks.get(picks.size() - 1).score() * 0.999;
      TopK top = new TopK(k - picks.size());
      for (int i = 0; i < index.size(); i++) {
        if (i == j || taken.contains(i)) {
          continue;
        }
        double overlap = genres.jaccard(j, i);
        double score = overlap * (0.5 + 0.5 * popularity[i]);
        if (overlap > 0 && top.accepts(i, score) && allowed.test(index.id(i))) {
          top.offer(i, score);
        }
      }
      for (int r = 0; r < top.size(); r++) {
        int i = top.index(r);
        picks.add(
            new Pick(
                index.id(i),
                below * top.score(r),
                new Reason.SharesGenres(item, genres.shared(j, i))));
      }
    }
    return picks;
  }

  /**
   * "Because you watched X": X is the viewer's latest watched (played or rated, not only listed)
   * and liked (not thumbs-down) title that has similar titles; the picks leave out everything in
   * the viewer's history. Empty when no title of the history has any.
   */
  public Optional<AnchoredPicks> becauseYouWatched(
      String user, Collection<Interaction> userHistory, int k, Predicate<String> allowed) {
    List<Preference> prefs = Preference.fold(ofUser(user, userHistory));
    Set<String> seen = new HashSet<>();
    prefs.forEach(p -> seen.add(p.item()));
    // The anchor is a title the viewer watched (played, or rated: one rates what one saw);
    // "because you watched" a title that is only on the list reads wrong.
    Set<String> played = new HashSet<>();
    for (Interaction i : ofUser(user, userHistory)) {
      if (i.kind() != Interaction.Kind.LISTED) {
        played.add(i.item());
      }
    }
    List<Preference> anchors = new ArrayList<>(prefs);
    anchors.removeIf(p -> p.weight() <= 0 || index.of(p.item()) < 0 || !played.contains(p.item()));
    anchors.sort(Preference.LATEST_FIRST);
    for (Preference anchor : anchors) {
      List<Pick> picks = similar(anchor.item(), k, i -> !seen.contains(i) && allowed.test(i));
      if (!picks.isEmpty()) {
        return Optional.of(new AnchoredPicks(anchor.item(), picks));
      }
    }
    return Optional.empty();
  }

  /** "Popular now": demand decayed to the training time, for anyone. */
  public List<Pick> popularNow(int k, Predicate<String> allowed) {
    TopK top = new TopK(k);
    for (int i = 0; i < index.size(); i++) {
      if (popularity[i] > 0 && top.accepts(i, popularity[i]) && allowed.test(index.id(i))) {
        top.offer(i, popularity[i]);
      }
    }
    List<Pick> picks = new ArrayList<>(top.size());
    for (int r = 0; r < top.size(); r++) {
      picks.add(new Pick(index.id(top.index(r)), top.score(r), new Reason.PopularNow()));
    }
    return picks;
  }

  private double score(Taste taste, int i, Blend blend) {
    double personal = taste.personal[i] / taste.maxPersonal;
    return blend.popularity() * popularity[i] * (1 + blend.content() * taste.genreMatch(i))
        + blend.personal() * personal;
  }

  private Reason reason(Taste taste, int i, Blend blend) {
    double match = taste.genreMatch(i);
    double personal = blend.personal() * taste.personal[i] / taste.maxPersonal;
    double rest = blend.popularity() * popularity[i] * (1 + blend.content() * match);
    if (taste.contributor[i] > 0 && personal > 0 && personal >= rest) {
      return new Reason.BecauseYouWatched(index.id(taste.contributor[i] - 1));
    }
    if (blend.content() > 0 && match >= GENRE_MATCH_REASON) {
      List<Integer> shared = new ArrayList<>();
      for (int g : genres.of(i)) {
        if (taste.genres[g] > 0) {
          shared.add(g);
        }
      }
      shared.sort(Comparator.<Integer>comparingDouble(g -> -taste.genres[g]).thenComparing(g -> g));
      return new Reason.PopularInYourGenres(
          shared.stream().limit(REASON_GENRES).map(genres::name).toList());
    }
    return new Reason.PopularNow();
  }

  /**
   * The viewer's history folded into what {@link #topPicks} ranks with: the titles it has seen, an
   * item-to-item score per title its neighbours reach, and weights per genre. Recent titles weigh
   * more ({@link ModelSettings#historyHalfLife}, counted back from the latest of the history and
   * the training time).
   */
  private Taste taste(String user, Collection<Interaction> userHistory) {
    List<Preference> prefs = Preference.fold(ofUser(user, userHistory));
    Taste taste = scratch.get();
    taste.clear(); // a question that failed half-way may have left entries behind
    Instant reference = trainedAt;
    for (Preference p : prefs) {
      reference = p.at().isAfter(reference) ? p.at() : reference;
    }
    for (Preference p : prefs) {
      int j = index.of(p.item());
      if (j >= 0) {
        taste.see(j);
      }
    }
    for (Preference p : prefs) {
      int j = index.of(p.item());
      if (j < 0) {
        continue;
      }
      double age = Duration.between(p.at(), reference).toSeconds();
      double w = p.weight() * ModelSettings.decay(age, settings.historyHalfLife());
      if (w > 0) {
        for (int g : genres.of(j)) {
          taste.genres[g] += w;
        }
      }
      for (int s = neighbours.from(j); s < neighbours.to(j); s++) {
        int i = neighbours.item(s);
        if (taste.state[i] == Taste.SEEN) {
          continue;
        }
        taste.touch(i);
        double contribution = w * neighbours.similarity(s);
        taste.personal[i] += contribution;
        if (contribution > taste.contribution[i]) {
          taste.contribution[i] = contribution;
          taste.contributor[i] = j + 1;
        }
      }
    }
    taste.finish();
    return taste;
  }

  private static List<Interaction> ofUser(String user, Collection<Interaction> history) {
    Objects.requireNonNull(user, "user");
    List<Interaction> own = new ArrayList<>(history.size());
    for (Interaction i : history) {
      if (user.equals(i.user())) {
        own.add(i);
      }
    }
    return own;
  }

  /**
   * Scratch state of one question, one per thread and never shared: dense arrays over the titles
   * (cheaper than a map of the few hundred candidates a history reaches; a few hundred KB for a
   * large catalog, kept and cleared rather than allocated per question).
   */
  private static final class Taste {
    static final byte NONE = 0;
    static final byte SEEN = 1;
    static final byte CANDIDATE = 2;

    final byte[] state;
    final double[] personal;
    final double[] contribution;

    /** The history title that contributed most, plus one (0: none). */
    final int[] contributor;

    int[] candidates = new int[64];
    int candidateCount;
    final double[] genres;
    private final Genres all;
    private double genreNorm;
    double maxPersonal;

    Taste(int items, Genres all) {
      this.all = all;
      state = new byte[items];
      personal = new double[items];
      contribution = new double[items];
      contributor = new int[items];
      genres = new double[all.count()];
    }

    int[] seen = new int[64];
    int seenCount;

    void see(int item) {
      if (state[item] == SEEN) {
        return;
      }
      state[item] = SEEN;
      if (seenCount == seen.length) {
        seen = Arrays.copyOf(seen, seenCount * 2);
      }
      seen[seenCount++] = item;
    }

    /** Back to an empty question: only the entries this one touched. */
    void clear() {
      for (int t = 0; t < candidateCount; t++) {
        int i = candidates[t];
        state[i] = NONE;
        personal[i] = 0;
        contribution[i] = 0;
        contributor[i] = 0;
      }
      for (int t = 0; t < seenCount; t++) {
        state[seen[t]] = NONE;
      }
      candidateCount = 0;
      seenCount = 0;
      Arrays.fill(genres, 0);
      genreNorm = 0;
      maxPersonal = 0;
    }

    void touch(int item) {
      if (state[item] == CANDIDATE) {
        return;
      }
      state[item] = CANDIDATE;
      if (candidateCount == candidates.length) {
        candidates = Arrays.copyOf(candidates, candidateCount * 2);
      }
      candidates[candidateCount++] = item;
    }

    void finish() {
      double sum = 0;
      for (double g : genres) {
        sum += g * g;
      }
      genreNorm = Math.sqrt(sum);
      for (int t = 0; t < candidateCount; t++) {
        maxPersonal = Math.max(maxPersonal, personal[candidates[t]]);
      }
      if (maxPersonal <= 0) {
        maxPersonal = 1; // only thumbs-down neighbours: their scores stay negative
      }
    }

    /** Cosine between the title's genres (0/1) and the viewer's genre weights, in [0, 1]. */
    double genreMatch(int item) {
      int[] g = all.of(item);
      if (genreNorm == 0 || g.length == 0) {
        return 0;
      }
      double dot = 0;
      for (int x : g) {
        dot += genres[x];
      }
      return dot / (genreNorm * Math.sqrt(g.length));
    }
  }
}

package io.reel.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import io.reel.domain.personal.PersonalCommand;
import io.reel.domain.personal.Rating;
import io.reel.domain.playback.PlaybackCommand;
import io.reel.recommend.eval.MovieTweetings;
import io.reel.recommend.eval.RatingMapping;
import io.reel.write.personal.PersonalReply;
import io.reel.write.personal.PersonalService;
import io.reel.write.personal.PersonalSettings;
import io.reel.write.playback.PlaybackReply;
import io.reel.write.playback.PlaybackService;
import io.reel.write.playback.PlaybackSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A viewing history for a newcomer's Reel: the MovieTweetings ratings (real people's, 2013) as the
 * plays and ratings of profiles, mapped onto the catalog by normalized title and year, moved in
 * time so that the latest rating is an hour ago. Each rating is a completed play (a playback
 * session started and stopped at the end), and a rating of 7 or more a thumbs up (9 or more "love
 * it"), 4 or less a thumbs down, through the same entities a viewer's plays and ratings go through,
 * so every read model and the recommendations are built the usual way.
 *
 * <p>One MovieTweetings user becomes the demo viewer's {@code main} profile (its latest four titles
 * are on My List instead of played, the three before stopped part-way: continue watching); every
 * other user becomes the {@code main} profile of an account id {@code mt<user>} that nobody signs
 * in to, there for the model to learn from. Bad and unmapped lines are counted and skipped.
 */
public final class DemoHistory {

  /** What a load did. */
  public record Report(
      int ratings, int mapped, int unmapped, int badLines, int profiles, String demoUser) {}

  /** One rating mapped onto a catalog title. */
  record Mapped(String user, String titleId, int score, Instant at) {}

  private static final double DURATION = 6_000;
  private static final int LISTED = 4;
  private static final int IN_PROGRESS = 3;
  private static final double[] STOPPED_AT = {0.35, 0.6, 0.8};

  private final ActorSystem<?> system;
  private final PlaybackService playback;
  private final PersonalService personal;

  public DemoHistory(ActorSystem<?> system) {
    Config config = system.settings().config();
    this.system = system;
    this.playback = new PlaybackService(system, PlaybackSettings.fromConfig(config));
    this.personal = new PersonalService(system, PersonalSettings.fromConfig(config));
  }

  /** A title as the mapping compares it: accents, case and punctuation gone. */
  static String normalize(String title) {
    String t = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    t = t.toLowerCase(Locale.ROOT).replace("&", " and ");
    return t.replaceAll("[^a-z0-9]+", " ").trim();
  }

  /** The published titles by normalized title and year (the lowest id of equals). */
  static Map<String, String> catalog(CqlSession session, String keyspace) {
    Map<String, String> out = new HashMap<>();
    for (Row r :
        session.execute(
            SimpleStatement.newInstance(
                    "SELECT title_id, title, year, status FROM " + keyspace + ".catalog_titles")
                .setPageSize(5_000))) {
      if (!"PUBLISHED".equals(r.getString(3)) || r.getString(1) == null) {
        continue;
      }
      String key = normalize(r.getString(1)) + "|" + r.getInt(2);
      String id = Long.toString(r.getLong(0));
      out.merge(key, id, (a, b) -> Long.parseLong(a) <= Long.parseLong(b) ? a : b);
    }
    return out;
  }

  /**
   * The catalog once the catalog projection has caught up with an import that may have just
   * finished: read until two reads a few seconds apart hold the same number of titles.
   */
  static Map<String, String> settledCatalog(
      CqlSession session, String keyspace, Consumer<String> progress) {
    Map<String, String> last = catalog(session, keyspace);
    // At most ten minutes: an import that never finishes leaves what there is.
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return last;
      }
      Map<String, String> now = catalog(session, keyspace);
      if (now.size() == last.size() && !now.isEmpty()) {
        return now;
      }
      progress.accept(
          String.format("  waiting for the catalog read model (%,d titles)", now.size()));
      last = now;
    }
    return last;
  }

  /**
   * The dataset's ratings (read by the recommender's {@link MovieTweetings} reader, as the offline
   * evaluation reads them) mapped onto {@code catalog}, with the counts of what was left out.
   */
  static Report map(Path dir, Map<String, String> catalog, List<Mapped> out) throws IOException {
    MovieTweetings.Dataset data = MovieTweetings.read(dir);
    Map<String, String> movies = new HashMap<>();
    for (MovieTweetings.Movie m : data.movies().values()) {
      String id = m.year() == 0 ? null : catalog.get(normalize(m.title()) + "|" + m.year());
      if (id != null) {
        movies.put(m.item(), id);
      }
    }
    int unmapped = 0;
    for (MovieTweetings.Rating r : data.ratings()) {
      String title = movies.get(r.item());
      if (title == null) {
        unmapped++;
      } else {
        out.add(new Mapped(r.user(), title, r.score(), r.at()));
      }
    }
    return new Report(
        data.ratings().size(),
        out.size(),
        unmapped,
        data.skippedRatings() + data.skippedMovies(),
        0,
        null);
  }

  /**
   * Loads the history: {@code demoAccount}'s main profile gets one user's, the other users get
   * accounts of their own. {@code progress} hears about every 10,000 ratings.
   */
  public CompletionStage<Report> load(
      Path dataset,
      CqlSession session,
      String keyspace,
      String demoAccount,
      Instant now,
      Consumer<String> progress)
      throws IOException {
    List<Mapped> mapped = new ArrayList<>();
    Report counts = map(dataset, settledCatalog(session, keyspace, progress), mapped);
    Map<String, List<Mapped>> byUser = new TreeMap<>();
    Instant latest = Instant.EPOCH;
    for (Mapped m : mapped) {
      byUser.computeIfAbsent(m.user(), u -> new ArrayList<>()).add(m);
      latest = m.at().isAfter(latest) ? m.at() : latest;
    }
    Duration shift = Duration.between(latest, now.minus(Duration.ofHours(1)));
    String demoUser = demoUser(byUser).orElse(null);
    AtomicInteger done = new AtomicInteger();
    Report report =
        new Report(
            counts.ratings(),
            counts.mapped(),
            counts.unmapped(),
            counts.badLines(),
            byUser.size(),
            demoUser);
    return Source.from(List.copyOf(byUser.entrySet()))
        .mapAsyncUnordered(
            16,
            e -> {
              boolean demo = e.getKey().equals(demoUser);
              String account = demo ? demoAccount : "mt" + e.getKey();
              List<Mapped> history = new ArrayList<>(e.getValue());
              history.sort(Comparator.comparing(Mapped::at).thenComparing(Mapped::titleId));
              return user(account, history, shift, demo)
                  // One user's failure (an ask that timed out) costs that user, not the load.
                  .exceptionally(
                      failure -> {
                        progress.accept("  skipped user " + e.getKey() + ": " + failure);
                        return 0;
                      })
                  .thenApply(
                      n -> {
                        int before = done.getAndAdd(n);
                        if ((before + n) / 10_000 > before / 10_000) {
                          progress.accept(
                              String.format(
                                  "  %,d of %,d ratings loaded", before + n, mapped.size()));
                        }
                        return n;
                      });
            })
        .runWith(Sink.ignore(), system)
        .thenApply(d -> report);
  }

  /** The user with the most mapped ratings among those with 20 to 150: a believable viewer. */
  static Optional<String> demoUser(Map<String, List<Mapped>> byUser) {
    return byUser.entrySet().stream()
        .filter(e -> e.getValue().size() >= 20 && e.getValue().size() <= 150)
        .max(
            Comparator.<Map.Entry<String, List<Mapped>>>comparingInt(e -> e.getValue().size())
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
        .map(Map.Entry::getKey);
  }

  /** One user's ratings in time order, one command after another (one entity per account). */
  private CompletionStage<Integer> user(
      String account, List<Mapped> history, Duration shift, boolean demo) {
    CompletionStage<?> chain = CompletableFuture.completedFuture(null);
    int n = history.size();
    for (int i = 0; i < n; i++) {
      Mapped m = history.get(i);
      Instant at = m.at().plus(shift);
      int fromEnd = n - 1 - i;
      if (demo && fromEnd < LISTED) {
        chain = chain.thenCompose(x -> list(account, m.titleId(), at));
        continue;
      }
      double position =
          demo && fromEnd < LISTED + IN_PROGRESS
              ? DURATION * STOPPED_AT[fromEnd - LISTED]
              : DURATION;
      chain = chain.thenCompose(x -> play(account, m.titleId(), position, at));
      Optional<Rating> rating = rating(m.score());
      if (rating.isPresent() && position == DURATION) {
        chain = chain.thenCompose(x -> rate(account, m.titleId(), rating.get(), at.plusSeconds(2)));
      }
    }
    return chain.thenApply(x -> n);
  }

  /** A score as a rating, on the thresholds the offline evaluation uses ({@link RatingMapping}). */
  static Optional<Rating> rating(int score) {
    if (score >= RatingMapping.LOVED_FROM) {
      return Optional.of(Rating.LOVE);
    }
    if (score >= RatingMapping.THUMBS_UP_FROM) {
      return Optional.of(Rating.UP);
    }
    return score <= RatingMapping.THUMBS_DOWN_UP_TO ? Optional.of(Rating.DOWN) : Optional.empty();
  }

  private CompletionStage<?> play(String account, String title, double position, Instant at) {
    String session = UUID.randomUUID().toString();
    return playback
        .ask(
            account,
            new PlaybackCommand.Start(
                session, "main", title, "demo", "MovieTweetings", DURATION, 1, 1080, at))
        .thenCompose(
            started ->
                started instanceof PlaybackReply.Rejected r
                    ? CompletableFuture.failedFuture(
                        new IllegalStateException("demo play refused: " + r.rejection()))
                    : playback.ask(
                        account, new PlaybackCommand.Stop(session, position, at.plusSeconds(1))));
  }

  private CompletionStage<?> rate(String account, String title, Rating rating, Instant at) {
    return personal
        .ask(account, "main", new PersonalCommand.Rate(title, rating, at))
        .thenApply(DemoHistory::ok);
  }

  private CompletionStage<?> list(String account, String title, Instant at) {
    return personal
        .ask(account, "main", new PersonalCommand.Add(title, UUID.randomUUID().toString(), at))
        .thenApply(DemoHistory::ok);
  }

  private static PersonalReply ok(PersonalReply r) {
    if (r instanceof PersonalReply.Rejected rej) {
      throw new IllegalStateException("demo history refused: " + rej.rejection());
    }
    return r;
  }
}

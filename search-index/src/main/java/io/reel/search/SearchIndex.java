package io.reel.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The title index of one node, a read model fed from the journal. It lives in a directory of
 * generations ({@code gen-1}, {@code gen-2}, ...) and a {@code CURRENT} file naming the one that
 * answers queries.
 *
 * <ul>
 *   <li>A node whose current index is missing, unreadable, of another schema or fails Lucene's
 *       integrity check starts a fresh generation and replays the journal into it on its own.
 *   <li>{@link #rebuild()} builds a new generation from the journal beside the current one, which
 *       keeps answering; once the new one holds every event the current one holds, it takes over
 *       and the old one is deleted.
 * </ul>
 */
public final class SearchIndex implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);
  private static final String CURRENT = "CURRENT";

  /** Starts the feed of a generation from its offsets; closing the handle stops it. */
  public interface Feeds {
    AutoCloseable start(IndexGeneration generation);
  }

  /** What an operator sees of the index. */
  public record Status(
      int generation,
      int titles,
      long events,
      long eventsSinceStart,
      Instant lastEventAt,
      int tags,
      String recovered,
      Optional<Rebuild> rebuild,
      Optional<Instant> lastRebuildDoneAt) {}

  /** A rebuild under way: events replayed so far against what the current index holds. */
  public record Rebuild(
      int generation, Instant startedAt, long events, long target, int titles, double progress) {}

  private final Path root;
  private final Clock clock;
  private final ScheduledExecutorService monitor;
  private final String recovered;
  private volatile IndexGeneration current;
  private volatile AutoCloseable currentFeed;
  private volatile IndexGeneration candidate;
  private volatile AutoCloseable candidateFeed;
  private volatile Instant candidateStartedAt;
  private volatile Instant lastRebuildDoneAt;
  private Feeds feeds;

  private SearchIndex(Path root, IndexGeneration current, String recovered, Clock clock) {
    this.root = root;
    this.current = current;
    this.recovered = recovered;
    this.clock = clock;
    this.monitor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "search-index-rebuild");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Opens the current generation under {@code root}, or starts a fresh one (replayed from the
   * journal once {@link #start} runs its feed) when it is missing or unreadable.
   */
  public static SearchIndex open(Path root, Clock clock) {
    try {
      Files.createDirectories(root);
      Optional<Integer> named = named(root);
      String recovered = null;
      IndexGeneration generation = null;
      if (named.isPresent()) {
        Path path = root.resolve("gen-" + named.get());
        try {
          generation = IndexGeneration.open(named.get(), path);
        } catch (IOException e) {
          recovered = "generation " + named.get() + " was unreadable (" + e + "); rebuilt";
          log.warn("search index {} is unreadable, rebuilding it from the journal", path, e);
          IndexGeneration.deleteTree(path);
        }
      } else {
        recovered = "no index was found; built from the journal";
      }
      if (generation == null) {
        int number = named.orElse(0) + 1;
        generation = IndexGeneration.open(number, root.resolve("gen-" + number));
        name(root, number);
      }
      removeOthers(root, generation.number());
      return new SearchIndex(root, generation, recovered, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the search index in " + root, e);
    }
  }

  private static Optional<Integer> named(Path root) throws IOException {
    Path file = root.resolve(CURRENT);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(Files.readString(file).strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void name(Path root, int number) throws IOException {
    Path tmp = root.resolve(CURRENT + ".tmp");
    Files.writeString(tmp, Integer.toString(number), StandardCharsets.UTF_8);
    Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Generations left by an interrupted rebuild. */
  private static void removeOthers(Path root, int keep) throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path p : dirs.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith("gen-") && !name.equals("gen-" + keep)) {
          IndexGeneration.deleteTree(p);
        }
      }
    }
  }

  /** Starts feeding the current generation. */
  public synchronized void start(Feeds feeds) {
    this.feeds = feeds;
    this.currentFeed = feeds.start(current);
  }

  /** The generation that answers queries now. */
  public IndexGeneration current() {
    return current;
  }

  /** Starts a rebuild beside the current index, or reports the one under way. */
  public synchronized Status rebuild() {
    if (feeds == null) {
      throw new IllegalStateException("the index has no feed yet");
    }
    if (candidate == null) {
      int number = current.number() + 1;
      Path path = root.resolve("gen-" + number);
      IndexGeneration.deleteTree(path);
      try {
        candidate = IndexGeneration.open(number, path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      candidateStartedAt = clock.instant();
      candidateFeed = feeds.start(candidate);
      monitor.scheduleWithFixedDelay(this::checkCandidate, 200, 200, TimeUnit.MILLISECONDS);
      log.info("search index rebuild started in {}", path);
    }
    return status();
  }

  private synchronized void checkCandidate() {
    if (candidate == null || !holdsAll(candidate.offsets(), current.offsets())) {
      return;
    }
    IndexGeneration old = current;
    AutoCloseable oldFeed = currentFeed;
    try {
      name(root, candidate.number());
    } catch (IOException e) {
      log.error("cannot switch the search index to generation {}", candidate.number(), e);
      return;
    }
    current = candidate;
    currentFeed = candidateFeed;
    candidate = null;
    candidateFeed = null;
    lastRebuildDoneAt = clock.instant();
    log.info(
        "search index rebuilt: generation {} took over with {} titles",
        current.number(),
        current.titleCount());
    closeQuietly(oldFeed);
    // Searches that hold the old searcher finish before its files go.
    monitor.schedule(old::destroy, 30, TimeUnit.SECONDS);
    throw new RebuildDone(); // ends the periodic check
  }

  /** Thrown to stop the scheduled check once the rebuild is done. */
  private static final class RebuildDone extends RuntimeException {
    RebuildDone() {
      super(null, null, false, false);
    }
  }

  /** Whether {@code candidate} holds every event {@code target} holds, tag by tag. */
  static boolean holdsAll(Map<String, String> candidate, Map<String, String> target) {
    for (Map.Entry<String, String> t : target.entrySet()) {
      String mine = candidate.get(t.getKey());
      if (mine == null || compareOffsets(mine, t.getValue()) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Time-based UUIDs (the Cassandra journal's offsets) by time, anything else by its text. */
  static int compareOffsets(String a, String b) {
    try {
      UUID x = UUID.fromString(a);
      UUID y = UUID.fromString(b);
      if (x.version() == 1 && y.version() == 1) {
        int byTime = Long.compare(x.timestamp(), y.timestamp());
        return byTime != 0 ? byTime : a.compareTo(b);
      }
    } catch (IllegalArgumentException notUuids) {
      // compared as text below
    }
    return a.compareTo(b);
  }

  public Status status() {
    IndexGeneration now = current;
    IndexGeneration next = candidate;
    Optional<Rebuild> rebuild = Optional.empty();
    if (next != null) {
      long target = Math.max(now.events(), 1);
      rebuild =
          Optional.of(
              new Rebuild(
                  next.number(),
                  candidateStartedAt,
                  next.events(),
                  now.events(),
                  next.titleCount(),
                  Math.min(0.99, (double) next.events() / target)));
    }
    return new Status(
        now.number(),
        now.titleCount(),
        now.events(),
        now.eventsSinceOpen(),
        now.lastEventAt(),
        now.offsets().size(),
        recovered,
        rebuild,
        Optional.ofNullable(lastRebuildDoneAt));
  }

  /** How long ago the current index's newest event happened; empty before the first. */
  public Optional<Duration> age() {
    Instant last = current.lastEventAt();
    return last == null ? Optional.empty() : Optional.of(Duration.between(last, clock.instant()));
  }

  @Override
  public synchronized void close() {
    monitor.shutdownNow();
    closeQuietly(candidateFeed);
    closeQuietly(currentFeed);
    if (candidate != null) {
      candidate.destroy();
    }
    current.close();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.warn("stopping a search feed failed", e);
    }
  }
}

package io.reel.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.playback.PlaybackEvent;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.TitleEvent;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleMetadata;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index as a read model: what events do to it, what survives a restart, and recovery. */
class SearchIndexTest {

  @TempDir Path dir;

  private static final Instant NOW = Instant.now();
  private long offset;

  private IndexGeneration.Envelope event(String tag, Object e, long seqNr) {
    return new IndexGeneration.Envelope(tag, String.format("%012d", ++offset), e, seqNr);
  }

  private static TitleMetadata meta(String title, MaturityRating rating, String... genres) {
    return new TitleMetadata(
        title, 2001, "A story about " + title, List.of("Some Actor"), List.of(genres), rating);
  }

  private static TitleEvent.Published published(long id, TitleMetadata m) {
    return new TitleEvent.Published(new TitleId(id), m, NOW);
  }

  private static PlaybackEvent.SessionStarted play(long title) {
    return new PlaybackEvent.SessionStarted(
        "acc", "s", "main", Long.toString(title), "d", "TV", 60, 720, NOW);
  }

  private static List<String> ids(List<TitleSearch.Card> cards) {
    return cards.stream().map(TitleSearch.Card::id).toList();
  }

  private static List<String> found(TitleSearch search, String q, MaturityRating limit) {
    return search.search(q, TitleSearch.Filters.NONE, limit, 20, Optional.empty()).hits().stream()
        .map(h -> h.title().id())
        .toList();
  }

  @Test
  void publishedTitlesOnlyAndUpdatesReindex() {
    SearchIndex index = SearchIndex.open(dir, Clock.systemUTC());
    TitleSearch search = new TitleSearch(index);
    TitleMetadata draft = meta("Zebra Crossing", MaturityRating.G, "Drama");
    index
        .current()
        .apply(
            List.of(
                event("title-0", new TitleEvent.Created(new TitleId(1), draft, null, NOW), 1),
                event("title-0", new TitleEvent.Created(new TitleId(2), draft, null, NOW), 1),
                event("title-0", published(2, draft), 2)));
    assertEquals(List.of("2"), found(search, "zebra", MaturityRating.NR));

    // A published title's update is re-indexed; a draft's update stays out.
    index
        .current()
        .apply(
            List.of(
                event(
                    "title-0",
                    new TitleEvent.MetadataUpdated(
                        new TitleId(2), meta("Okapi Crossing", MaturityRating.G, "Drama"), NOW),
                    3),
                event(
                    "title-0",
                    new TitleEvent.MetadataUpdated(
                        new TitleId(1), meta("Okapi Draft", MaturityRating.G), NOW),
                    2)));
    assertEquals(List.of(), found(search, "zebra", MaturityRating.NR));
    assertEquals(List.of("2"), found(search, "okapi", MaturityRating.NR));

    // Delivered again (an older sequence number): nothing changes.
    index.current().apply(List.of(event("title-0", published(2, draft), 2)));
    assertEquals(List.of("2"), found(search, "okapi", MaturityRating.NR));

    // Unpublished and retired titles leave it.
    index
        .current()
        .apply(List.of(event("title-0", new TitleEvent.Unpublished(new TitleId(2), NOW), 4)));
    assertEquals(List.of(), found(search, "okapi", MaturityRating.NR));
    assertEquals(0, index.status().titles());
    index.close();
  }

  @Test
  void maturityLimitBoundsResultsCountsSuggestionsAndRows() {
    SearchIndex index = SearchIndex.open(dir, Clock.systemUTC());
    TitleSearch search = new TitleSearch(index);
    index
        .current()
        .apply(
            List.of(
                event(
                    "title-0", published(1, meta("Harbour Lights", MaturityRating.G, "Family")), 2),
                event(
                    "title-0",
                    published(2, meta("Harbour Blood", MaturityRating.R, "Family")),
                    2)));
    assertEquals(2, found(search, "harbour", MaturityRating.NR).size());
    assertEquals(List.of("1"), found(search, "harbour", MaturityRating.G));
    TitleSearch.Results kids =
        search.search("harbour", TitleSearch.Filters.NONE, MaturityRating.G, 10, Optional.empty());
    assertEquals(List.of(new TitleSearch.FacetCount("Family", 1)), kids.facets().get("genre"));
    assertEquals(List.of("1"), ids(search.suggest("harb", MaturityRating.G, 8).titles()));
    assertEquals(List.of("1"), ids(search.newest(MaturityRating.G, 10)));
    assertEquals(List.of("1"), ids(search.genre("family", MaturityRating.G, 10)));
    assertEquals(List.of(new TitleSearch.FacetCount("Family", 1)), search.genres(MaturityRating.G));
    assertEquals(
        List.of(new TitleSearch.FacetCount("Family", 2)), search.genres(MaturityRating.NR));
    index.close();
  }

  @Test
  void playsMakeTrendingAndRaiseATitleAmongEquals() {
    SearchIndex index = SearchIndex.open(dir, Clock.systemUTC());
    TitleSearch search = new TitleSearch(index);
    index
        .current()
        .apply(
            List.of(
                event("title-0", published(1, meta("River One", MaturityRating.G)), 2),
                event("title-0", published(2, meta("River Two", MaturityRating.G)), 2),
                event("title-0", published(3, meta("River Three", MaturityRating.R)), 2)));
    assertEquals(List.of(), search.trending(MaturityRating.NR, 7, 10));
    List<IndexGeneration.Envelope> plays = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      plays.add(event("playback-0", play(2), 1));
      plays.add(event("playback-0", play(3), 1));
    }
    plays.add(event("playback-0", play(1), 1));
    plays.add(event("playback-0", play(3), 1));
    index.current().apply(plays);
    assertEquals(List.of("3", "2", "1"), ids(search.trending(MaturityRating.NR, 7, 10)));
    assertEquals(List.of("2", "1"), ids(search.trending(MaturityRating.G, 7, 10)));
    // "river" matches all three equally: the most played comes first.
    assertEquals("3", found(search, "river", MaturityRating.NR).get(0));
    index.close();

    // Plays survive a restart with the index.
    SearchIndex again = SearchIndex.open(dir, Clock.systemUTC());
    assertEquals(
        List.of("3", "2", "1"), ids(new TitleSearch(again).trending(MaturityRating.NR, 7, 10)));
    again.close();
  }

  private static TitleEvent.MediaPackaged packaged(long id, int version, String poster) {
    return new TitleEvent.MediaPackaged(
        new TitleId(id),
        new io.reel.domain.media.MediaPackage(
            version,
            "packages/" + id + "/v" + version + "-a1",
            42.0,
            List.of(io.reel.domain.media.Rendition.video("v0", 640, 360, 25, 800, "avc1")),
            "kid",
            "master.m3u8",
            "manifest.mpd",
            poster,
            "thumbs.vtt",
            NOW),
        NOW);
  }

  private static TitleSearch.Card card(TitleSearch search, long id) {
    List<TitleSearch.Card> cards = search.cards(List.of(Long.toString(id)), MaturityRating.NR);
    return cards.isEmpty() ? null : cards.get(0);
  }

  @Test
  void cardsSayWhetherATitleIsPlayableAndWhereItsPosterIs() {
    SearchIndex index = SearchIndex.open(dir, Clock.systemUTC());
    TitleSearch search = new TitleSearch(index);
    TitleMetadata m = meta("Heron", MaturityRating.G, "Drama");
    // Packaged while a draft, then published: the card has it; a title without media has not.
    index
        .current()
        .apply(
            List.of(
                event("title-0", new TitleEvent.Created(new TitleId(1), m, null, NOW), 1),
                event("title-0", packaged(1, 1, "poster.jpg"), 2),
                event("title-0", published(1, m), 3),
                event("title-0", published(2, meta("Egret", MaturityRating.R)), 2)));
    assertTrue(card(search, 1).playable());
    assertEquals("/catalog/titles/1/poster", card(search, 1).poster());
    assertEquals(Optional.of("packages/1/v1-a1/poster.jpg"), search.posterKey("1"));
    assertTrue(!card(search, 2).playable());
    assertNull(card(search, 2).poster());
    assertEquals(Optional.empty(), search.posterKey("2"));

    // Packaged once published: updated in place; a package without a poster shows none.
    index.current().apply(List.of(event("title-0", packaged(2, 1, null), 3)));
    assertTrue(card(search, 2).playable());
    assertNull(card(search, 2).poster());
    index.current().apply(List.of(event("title-0", packaged(2, 2, "poster.jpg"), 4)));
    assertEquals(Optional.of("packages/2/v2-a1/poster.jpg"), search.posterKey("2"));
    assertEquals(
        java.util.Set.of("1", "2"),
        java.util.Set.copyOf(ids(search.playable(MaturityRating.NR, 10))));
    assertEquals(List.of("1"), ids(search.playable(MaturityRating.PG, 10)));

    // Unpublished: no card and no poster; media kept for when it comes back, across a restart.
    index
        .current()
        .apply(List.of(event("title-0", new TitleEvent.Unpublished(new TitleId(1), NOW), 4)));
    assertEquals(Optional.empty(), search.posterKey("1"));
    assertNull(card(search, 1));
    assertEquals(List.of("2"), ids(search.playable(MaturityRating.NR, 10)));
    index.close();
    SearchIndex again = SearchIndex.open(dir, Clock.systemUTC());
    TitleSearch reopened = new TitleSearch(again);
    assertTrue(card(reopened, 2).playable());
    again.current().apply(List.of(event("title-0", published(1, m), 5)));
    assertTrue(card(reopened, 1).playable());
    assertEquals(Optional.of("packages/1/v1-a1/poster.jpg"), reopened.posterKey("1"));
    again.close();
  }

  @Test
  void offsetsAreCommittedWithTheDocumentsAndSurviveARestart() {
    SearchIndex index = SearchIndex.open(dir, Clock.systemUTC());
    index
        .current()
        .apply(
            List.of(
                event("title-0", published(1, meta("Kestrel", MaturityRating.G)), 2),
                event("title-1", published(2, meta("Osprey", MaturityRating.G)), 2)));
    Map<String, String> held = index.current().offsets();
    assertEquals(2, held.size());
    index.close();

    SearchIndex again = SearchIndex.open(dir, Clock.systemUTC());
    assertEquals(held, again.current().offsets());
    assertEquals(2, again.current().events());
    assertEquals(List.of("2"), found(new TitleSearch(again), "osprey", MaturityRating.NR));
    assertNull(again.status().recovered());
    again.close();
  }

  @Test
  void aCorruptIndexIsReplacedByAFreshOneThatReplaysTheJournal() throws IOException {
    SearchIndex index = SearchIndex.open(dir, Clock.systemUTC());
    index
        .current()
        .apply(List.of(event("title-0", published(1, meta("Kestrel", MaturityRating.G)), 2)));
    Path generation = index.current().path();
    index.close();
    try (Stream<Path> files = Files.list(generation)) {
      for (Path f : files.filter(p -> !p.getFileName().toString().equals("write.lock")).toList()) {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
          if (raf.length() > 40) {
            raf.seek(raf.length() / 2);
            raf.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
          }
        }
      }
    }
    SearchIndex again = SearchIndex.open(dir, Clock.systemUTC());
    assertNotNull(again.status().recovered());
    assertEquals(Map.of(), again.current().offsets()); // its feed starts from the journal's start
    assertEquals(0, again.status().titles());
    again.close();
  }

  @Test
  void aMissingIndexIsStartedFresh() throws IOException {
    SearchIndex index = SearchIndex.open(dir, Clock.systemUTC());
    index
        .current()
        .apply(List.of(event("title-0", published(1, meta("Kestrel", MaturityRating.G)), 2)));
    index.close();
    IndexGeneration.deleteTree(dir);
    SearchIndex again = SearchIndex.open(dir, Clock.systemUTC());
    assertEquals(0, again.status().titles());
    assertNotNull(again.status().recovered());
    again.close();
  }

  @Test
  void aRebuildTakesOverOnlyOnceItHoldsEverythingTheLiveIndexHolds() throws Exception {
    SearchIndex index = SearchIndex.open(dir, Clock.systemUTC());
    List<IndexGeneration.Envelope> journal = new CopyOnWriteArrayList<>();
    for (int i = 1; i <= 50; i++) {
      journal.add(event("title-" + (i % 3), published(i, meta("Title " + i, MaturityRating.G)), 2));
    }
    // The "journal" feed: replays everything after what the generation holds, in one go.
    List<IndexGeneration> fed = new CopyOnWriteArrayList<>();
    index.start(
        generation -> {
          fed.add(generation);
          Thread t =
              new Thread(
                  () -> {
                    if (generation.number() > 1) {
                      sleep(300); // the rebuild lags the live index for a while
                    }
                    generation.apply(journal);
                  });
          t.start();
          return t::interrupt;
        });
    TitleSearch search = new TitleSearch(index);
    waitFor(() -> found(search, "title 50", MaturityRating.NR).contains("50"));
    SearchIndex.Status rebuilding = index.rebuild();
    assertTrue(rebuilding.rebuild().isPresent());
    assertEquals(1, rebuilding.generation()); // the live index still answers
    assertEquals("1", found(search, "title 1", MaturityRating.NR).get(0));
    waitFor(() -> index.status().generation() == 2);
    assertTrue(index.status().rebuild().isEmpty());
    assertEquals(50, index.status().titles());
    assertEquals(2, fed.size());
    index.close();
    // The new generation is the one a restart opens.
    SearchIndex again = SearchIndex.open(dir, Clock.systemUTC());
    assertEquals(2, again.status().generation());
    assertEquals(50, again.status().titles());
    again.close();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    long until = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out");
      }
      sleep(20);
    }
  }
}

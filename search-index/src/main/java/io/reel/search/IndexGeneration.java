package io.reel.search;

import io.reel.domain.playback.PlaybackEvent;
import io.reel.domain.title.TitleEvent;
import io.reel.domain.title.TitleMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * One copy of the title index in its own directory: the Lucene index, the journal offsets it holds
 * (in its commit's user data, written in the same commit as the documents, so the index never
 * claims an event it does not hold) and, kept in memory from its documents, which titles are in it
 * and their plays per day.
 *
 * <p>{@link #apply} is called by one feed at a time; searches run concurrently on the last
 * refreshed searcher.
 */
public final class IndexGeneration implements AutoCloseable {

  static final String OFFSET_PREFIX = "offset.";
  static final String SCHEMA_KEY = "schema";
  static final String EVENTS_KEY = "events";

  /** Plays older than this many days are dropped: trending and the popularity prior look back. */
  static final int PLAY_DAYS = 30;

  /** One event from the journal, where it came from and its place in its tag. */
  public record Envelope(String tag, String offset, Object event, long seqNr) {}

  private final int number;
  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Map<String, String> offsets = new ConcurrentHashMap<>();

  /** A published title in the index: the event that put it there, and when it was published. */
  private record Held(long seqNr, Instant publishedAt) {}

  private final Map<String, Held> titles = new ConcurrentHashMap<>();

  /** Packaged media per title (published or not), with the sequence number of its event. */
  private record HeldMedia(Cards.Media media, long seqNr) {}

  private final Map<String, HeldMedia> media = new ConcurrentHashMap<>();

  /** Plays per title per epoch day, for the last {@link #PLAY_DAYS} days. */
  private final Map<String, NavigableMap<Integer, Long>> plays = new ConcurrentHashMap<>();

  private final AtomicLong events = new AtomicLong();
  private final AtomicLong eventsSinceOpen = new AtomicLong();
  private volatile Instant lastEventAt;
  private volatile FacetState facets = new FacetState(null, null);

  /** The facet ordinals of one reader, built once per refresh and only when asked for. */
  private record FacetState(IndexReader reader, SortedSetDocValuesReaderState state) {}

  private IndexGeneration(int number, Path path, Directory directory, IndexWriter writer)
      throws IOException {
    this.number = number;
    this.path = path;
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    Map<String, String> data = writer.getLiveCommitData() == null ? Map.of() : userData(writer);
    data.forEach(
        (k, v) -> {
          if (k.startsWith(OFFSET_PREFIX)) {
            offsets.put(k.substring(OFFSET_PREFIX.length()), v);
          }
        });
    events.set(Long.parseLong(data.getOrDefault(EVENTS_KEY, "0")));
    load();
  }

  private static Map<String, String> userData(IndexWriter writer) {
    Map<String, String> out = new HashMap<>();
    writer.getLiveCommitData().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * Opens the index in {@code path}, creating it when there is none. Fails with {@link IOException}
   * when the files there are not a readable index of this {@link TitleFields#SCHEMA}: the caller
   * then starts a fresh one and replays the journal.
   */
  static IndexGeneration open(int number, Path path) throws IOException {
    Files.createDirectories(path);
    Directory directory = FSDirectory.open(path);
    try {
      if (DirectoryReader.indexExists(directory)) {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
          String schema = reader.getIndexCommit().getUserData().get(SCHEMA_KEY);
          if (!TitleFields.SCHEMA.equals(schema)) {
            throw new IOException(
                "index schema " + schema + ", this node needs " + TitleFields.SCHEMA);
          }
          org.apache.lucene.index.CheckIndex.Status status = check(directory);
          if (!status.clean) {
            throw new IOException("index check failed");
          }
        }
      }
      IndexWriterConfig config =
          new IndexWriterConfig(TitleAnalysis.perField())
              .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
              .setCommitOnClose(false)
              .setRAMBufferSizeMB(64)
              // Few segments: every query (and each typo's expansion) visits each one.
              .setMergePolicy(new TieredMergePolicy().setSegmentsPerTier(4));
      IndexWriter writer = new IndexWriter(directory, config);
      if (writer.getLiveCommitData() == null) {
        writer.setLiveCommitData(Map.of(SCHEMA_KEY, TitleFields.SCHEMA).entrySet());
        writer.commit();
      }
      return new IndexGeneration(number, path, directory, writer);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e instanceof IOException io ? io : new IOException(e);
    }
  }

  private static org.apache.lucene.index.CheckIndex.Status check(Directory directory)
      throws IOException {
    try (org.apache.lucene.index.CheckIndex checker =
        new org.apache.lucene.index.CheckIndex(directory)) {
      checker.setChecksumsOnly(true); // every file's checksum; a full check takes minutes
      return checker.checkIndex();
    }
  }

  private void load() throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      StoredFields stored = searcher.storedFields();
      for (ScoreDoc hit :
          searcher.search(
                  new TermQuery(new Term(TitleFields.KIND, TitleFields.KIND_TITLE)),
                  Integer.MAX_VALUE)
              .scoreDocs) {
        Document d = stored.document(hit.doc);
        titles.put(
            d.get(TitleFields.ID),
            new Held(
                d.getField(TitleFields.SEQ_NR).numericValue().longValue(),
                Instant.ofEpochMilli(
                    d.getField(TitleFields.PUBLISHED_AT).numericValue().longValue())));
      }
      for (ScoreDoc hit :
          searcher.search(
                  new TermQuery(new Term(TitleFields.KIND, TitleFields.KIND_PLAYS)),
                  Integer.MAX_VALUE)
              .scoreDocs) {
        Document d = stored.document(hit.doc);
        plays
            .computeIfAbsent(d.get(TitleFields.PLAY_TITLE), k -> new TreeMap<>())
            .put(
                d.getField(TitleFields.PLAY_DAY).numericValue().intValue(),
                d.getField(TitleFields.PLAY_COUNT).numericValue().longValue());
      }
      for (ScoreDoc hit :
          searcher.search(
                  new TermQuery(new Term(TitleFields.KIND, TitleFields.KIND_MEDIA)),
                  Integer.MAX_VALUE)
              .scoreDocs) {
        Document d = stored.document(hit.doc);
        String poster = d.get(TitleFields.MEDIA_POSTER);
        media.put(
            d.get(TitleFields.MEDIA_KEY),
            new HeldMedia(
                new Cards.Media(poster == null || poster.isEmpty() ? null : poster),
                d.getField(TitleFields.MEDIA_SEQ_NR).numericValue().longValue()));
      }
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * The origin-store key of a published title's poster, when its package has one: what {@code GET
   * /catalog/titles/<id>/poster} serves.
   */
  public Optional<String> posterKey(String titleId) {
    HeldMedia m = media.get(titleId);
    return titles.containsKey(titleId) && m != null
        ? Optional.ofNullable(m.media().posterKey())
        : Optional.empty();
  }

  public int number() {
    return number;
  }

  Path path() {
    return path;
  }

  /** The offset this index holds for each tag: where its feed resumes. */
  public Map<String, String> offsets() {
    return Map.copyOf(offsets);
  }

  /** Events applied since this index was created (kept across restarts). */
  public long events() {
    return events.get();
  }

  long eventsSinceOpen() {
    return eventsSinceOpen.get();
  }

  Instant lastEventAt() {
    return lastEventAt;
  }

  int titleCount() {
    return titles.size();
  }

  /**
   * Applies a batch of events in journal order per tag and commits them with their offsets: after
   * this returns, a restart resumes after the last of them. Not thread-safe: one feed calls it.
   */
  public synchronized void apply(List<Envelope> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      Map<String, Long> touched = new HashMap<>();
      // Offsets become this index's only once committed: a failed batch is read again.
      Map<String, String> held = new HashMap<>(offsets);
      for (Envelope e : batch) {
        if (e.event() instanceof TitleEvent t) {
          title(t, e.seqNr());
        } else if (e.event() instanceof PlaybackEvent.SessionStarted s) {
          play(s, touched);
        }
        held.put(e.tag(), e.offset());
        lastEventAt = eventTime(e.event(), lastEventAt);
      }
      prunePlays(touched);
      for (Map.Entry<String, Long> t : touched.entrySet()) {
        if (titles.containsKey(t.getKey())) {
          writer.updateNumericDocValue(
              new Term(TitleFields.ID, t.getKey()), TitleFields.PLAYS, totalPlays(t.getKey()));
        }
      }
      Map<String, String> data = new HashMap<>();
      data.put(SCHEMA_KEY, TitleFields.SCHEMA);
      data.put(EVENTS_KEY, Long.toString(events.get() + batch.size()));
      held.forEach((tag, offset) -> data.put(OFFSET_PREFIX + tag, offset));
      writer.setLiveCommitData(data.entrySet());
      writer.commit();
      offsets.putAll(held);
      events.addAndGet(batch.size());
      eventsSinceOpen.addAndGet(batch.size());
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Instant eventTime(Object event, Instant otherwise) {
    if (event instanceof TitleEvent t) {
      return t.occurredAt();
    }
    if (event instanceof PlaybackEvent p) {
      return p.occurredAt();
    }
    return otherwise;
  }

  private void title(TitleEvent event, long seqNr) throws IOException {
    String id = event.titleId().asString();
    Held held = titles.get(id);
    if (held != null && held.seqNr() >= seqNr) {
      return; // delivered again: already in the index
    }
    Term key = new Term(TitleFields.ID, id);
    if (event instanceof TitleEvent.Published p) {
      put(id, p.metadata(), p.occurredAt(), seqNr, key);
    } else if (event instanceof TitleEvent.MetadataUpdated u && held != null) {
      put(id, u.metadata(), held.publishedAt(), seqNr, key);
    } else if (event instanceof TitleEvent.MediaPackaged p) {
      packaged(id, p, seqNr, held != null, key);
    } else if (event instanceof TitleEvent.Unpublished || event instanceof TitleEvent.Retired) {
      if (held != null) {
        writer.deleteDocuments(key);
        titles.remove(id);
      }
    }
    // Created, drafts' updates and the other media events: not in the index.
  }

  private void packaged(
      String id, TitleEvent.MediaPackaged p, long seqNr, boolean published, Term key)
      throws IOException {
    HeldMedia known = media.get(id);
    if (known != null && known.seqNr() >= seqNr) {
      return; // delivered again
    }
    String poster = p.media().poster();
    Cards.Media m =
        new Cards.Media(
            poster == null || poster.isBlank() ? null : p.media().location() + "/" + poster);
    writer.updateDocument(new Term(TitleFields.MEDIA_KEY, id), TitleFields.media(id, m, seqNr));
    media.put(id, new HeldMedia(m, seqNr));
    if (published) {
      writer.updateDocValues(
          key,
          new org.apache.lucene.document.BinaryDocValuesField(Cards.MEDIA, m.encoded()),
          new org.apache.lucene.document.NumericDocValuesField(TitleFields.PLAYABLE, 1));
    }
  }

  private void put(String id, TitleMetadata m, Instant publishedAt, long seqNr, Term key)
      throws IOException {
    writer.updateDocument(
        key,
        TitleFields.FACETS.build(
            TitleFields.title(
                id,
                m,
                publishedAt,
                seqNr,
                totalPlays(id),
                Optional.ofNullable(media.get(id)).map(HeldMedia::media))));
    titles.put(id, new Held(seqNr, publishedAt));
  }

  private void play(PlaybackEvent.SessionStarted s, Map<String, Long> touched) throws IOException {
    if (s.titleId() == null) {
      return;
    }
    int day = (int) LocalDate.ofInstant(s.occurredAt(), ZoneOffset.UTC).toEpochDay();
    long count = plays.computeIfAbsent(s.titleId(), k -> new TreeMap<>()).merge(day, 1L, Long::sum);
    writer.updateDocument(
        new Term(TitleFields.PLAY_KEY, TitleFields.playKey(s.titleId(), day)),
        TitleFields.plays(s.titleId(), day, count));
    touched.put(s.titleId(), count);
  }

  private void prunePlays(Map<String, Long> touched) throws IOException {
    int today = (int) LocalDate.now(ZoneOffset.UTC).toEpochDay();
    for (String title : touched.keySet()) {
      NavigableMap<Integer, Long> days = plays.get(title);
      Iterator<Integer> old = days.headMap(today - PLAY_DAYS, false).keySet().iterator();
      while (old.hasNext()) {
        int day = old.next();
        writer.deleteDocuments(new Term(TitleFields.PLAY_KEY, TitleFields.playKey(title, day)));
        old.remove();
      }
    }
  }

  /** Plays of the title in the last {@link #PLAY_DAYS} days. */
  long totalPlays(String titleId) {
    NavigableMap<Integer, Long> days = plays.get(titleId);
    return days == null ? 0 : days.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Titles by plays in the last {@code days} days (today included), most played first. */
  List<Map.Entry<String, Long>> trending(int days, int limit) {
    int from = (int) LocalDate.now(ZoneOffset.UTC).toEpochDay() - days + 1;
    return plays.entrySet().stream()
        .map(
            e ->
                Map.entry(
                    e.getKey(),
                    e.getValue().tailMap(from, true).values().stream()
                        .mapToLong(Long::longValue)
                        .sum()))
        .filter(e -> e.getValue() > 0)
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(limit)
        .toList();
  }

  SearcherManager searchers() {
    return searchers;
  }

  /** The facet state of the searcher's reader; empty while no title has facets. */
  Optional<SortedSetDocValuesReaderState> facets(IndexSearcher searcher) throws IOException {
    IndexReader reader = searcher.getIndexReader();
    FacetState known = facets;
    if (known.reader() == reader) {
      return Optional.ofNullable(known.state());
    }
    SortedSetDocValuesReaderState state = null;
    try {
      state = new DefaultSortedSetDocValuesReaderState(reader, TitleFields.FACETS);
    } catch (IllegalArgumentException noFacetsYet) {
      // an index without a published title has no facet field
    }
    facets = new FacetState(reader, state);
    return Optional.ofNullable(state);
  }

  @Override
  public synchronized void close() {
    try {
      searchers.close();
      writer.rollback(); // nothing uncommitted is kept: every batch commits
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes and deletes the files of this generation. */
  void destroy() {
    try {
      close();
    } catch (RuntimeException ignored) {
      // already closed or broken: the files go either way
    }
    deleteTree(path);
  }

  static void deleteTree(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

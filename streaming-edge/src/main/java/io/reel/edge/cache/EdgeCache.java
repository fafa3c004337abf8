package io.reel.edge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.reel.origin.FileSystemObjectStore;
import io.reel.origin.ObjectInfo;
import io.reel.origin.ObjectKeys;
import io.reel.origin.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded read-through cache in front of the origin {@link ObjectStore}, in two tiers:
 *
 * <ul>
 *   <li>memory: small objects (manifests, init segments, subtitles) up to {@code
 *       memoryObjectMaxBytes} each, {@code memoryBytes} in all (a Caffeine cache weighed by size:
 *       W-TinyLFU keeps what is asked for often, not only what was asked for last; lock-free
 *       reads);
 *   <li>disk: everything larger, {@code diskBytes} in all, LRU; files are written aside under
 *       {@code tmp/}, then renamed into {@code objects/} in one step, so a reader never sees a
 *       part. On start, {@code tmp/} is emptied and the index rebuilt from {@code objects/}.
 * </ul>
 *
 * Concurrent misses for one key share one origin read (one in-flight future per key). Objects under
 * a package's versioned prefix never change, so entries are never revalidated: they live until
 * evicted. Bodies from disk stream in chunks with backpressure, never whole in memory.
 */
public final class EdgeCache implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EdgeCache.class);
  private static final String SUFFIX = ".cache";

  /** What the edge knows about an object before sending it. */
  public record ObjectMeta(String key, long size, Instant modifiedAt, String etag) {}

  /** A cache answer: where the bytes are. */
  public sealed interface Entry {
    ObjectMeta meta();

    record InMemory(ObjectMeta meta, ByteString bytes) implements Entry {}

    record OnDisk(ObjectMeta meta, Path file) implements Entry {}

    /** Bigger than the whole disk tier: streamed from the origin, not cached. */
    record Uncached(ObjectMeta meta) implements Entry {}
  }

  /** Counters since start, plus current tier sizes. */
  public record Stats(
      long memoryHits,
      long diskHits,
      long misses,
      long originReads,
      long originBytes,
      long memoryEvictions,
      long diskEvictions,
      long memoryEntries,
      long memoryBytes,
      long diskEntries,
      long diskBytes) {}

  private final ObjectStore origin;
  private final CacheLimits limits;
  private final Executor blocking;
  private final Path objects;
  private final Path tmp;
  private final ScheduledExecutorService janitor;

  private final Cache<String, Entry.InMemory> memory;
  private final LinkedHashMap<String, Entry.OnDisk> disk = new LinkedHashMap<>(256, 0.75f, true);
  private long diskTotal;

  private final ConcurrentHashMap<String, CompletableFuture<Optional<Entry>>> inFlight =
      new ConcurrentHashMap<>();

  private final LongAdder memoryHits = new LongAdder();
  private final LongAdder diskHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder originReads = new LongAdder();
  private final LongAdder originBytes = new LongAdder();
  private final LongAdder memoryEvictions = new LongAdder();
  private final LongAdder diskEvictions = new LongAdder();

  /**
   * @param blocking where origin reads and disk writes run (never a stream or HTTP thread)
   */
  public EdgeCache(ObjectStore origin, CacheLimits limits, Executor blocking) throws IOException {
    this.origin = origin;
    this.limits = limits;
    this.blocking = blocking;
    // Weighed by size. Maintenance runs on Caffeine's default executor: on the calling thread it
    // cost a fifth of the edge's hit rate (docs/benchmarks.md). The eviction listener runs inside
    // the eviction, so the counter is exact once stats() has run the pending maintenance.
    this.memory =
        Caffeine.newBuilder()
            .maximumWeight(limits.memoryBytes())
            .weigher(
                (String key, Entry.InMemory e) ->
                    (int) Math.min(e.meta().size(), Integer.MAX_VALUE))
            .evictionListener(
                (String key, Entry.InMemory e, RemovalCause cause) -> memoryEvictions.increment())
            .build();
    Path dir = limits.dir().toAbsolutePath().normalize();
    this.objects = Files.createDirectories(dir.resolve("objects"));
    this.tmp = dir.resolve("tmp");
    FileSystemObjectStore.deleteTree(tmp); // half-written files of an earlier run
    Files.createDirectories(tmp);
    this.janitor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "edge-cache-janitor");
              t.setDaemon(true);
              return t;
            });
    rebuild();
  }

  /**
   * The object under {@code key}, from memory, disk or (once for all concurrent callers) the
   * origin; empty when the origin has no such object. {@code key} must be a valid object key.
   */
  public CompletionStage<Optional<Entry>> get(String key) {
    Entry hit = lookup(key);
    if (hit != null) {
      return CompletableFuture.completedFuture(Optional.of(hit));
    }
    misses.increment();
    CompletableFuture<Optional<Entry>> running = inFlight.get(key);
    if (running != null) {
      return running;
    }
    CompletableFuture<Optional<Entry>> mine = new CompletableFuture<>();
    running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return running;
    }
    try {
      blocking.execute(
          () -> {
            // Out of the in-flight map before completing: the entry is in its tier by then, so a
            // later caller hits it, and no waiter sees a finished fetch still listed.
            Optional<Entry> result;
            try {
              result = fetch(key);
            } catch (Throwable t) {
              inFlight.remove(key, mine);
              mine.completeExceptionally(t);
              return;
            }
            inFlight.remove(key, mine);
            mine.complete(result);
          });
    } catch (RuntimeException rejected) {
      inFlight.remove(key, mine);
      mine.completeExceptionally(rejected);
    }
    return mine;
  }

  /** Counts a hit in the tier that holds {@code key}; null when neither does. */
  private Entry lookup(String key) {
    Entry e = memory.getIfPresent(key);
    if (e != null) {
      memoryHits.increment();
      return e;
    }
    synchronized (disk) {
      e = disk.get(key);
    }
    if (e != null) {
      diskHits.increment();
    }
    return e;
  }

  private Entry peek(String key) {
    Entry e = memory.getIfPresent(key);
    if (e != null) {
      return e;
    }
    synchronized (disk) {
      return disk.get(key);
    }
  }

  private Optional<Entry> fetch(String key) throws IOException {
    // A fetch that just finished may have filled a tier between our miss and our turn.
    Entry filled = peek(key);
    if (filled != null) {
      return Optional.of(filled);
    }
    Optional<ObjectInfo> found = origin.stat(key);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ObjectInfo info = found.get();
    ObjectMeta meta =
        new ObjectMeta(
            key,
            info.sizeBytes(),
            info.modifiedAt(),
            etag(key, info.sizeBytes(), info.modifiedAt()));
    if (meta.size() <= limits.memoryObjectMaxBytes() && meta.size() <= limits.memoryBytes()) {
      return Optional.of(putMemory(new Entry.InMemory(meta, readAll(meta))));
    }
    if (meta.size() <= limits.diskBytes()) {
      return Optional.of(putDisk(new Entry.OnDisk(meta, writeToDisk(meta))));
    }
    return Optional.of(new Entry.Uncached(meta));
  }

  private ByteString readAll(ObjectMeta meta) throws IOException {
    originReads.increment();
    byte[] bytes = new byte[Math.toIntExact(meta.size())];
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    try (SeekableByteChannel ch = origin.open(meta.key())) {
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          throw new IOException("origin object " + meta.key() + " is shorter than its size");
        }
      }
    }
    originBytes.add(bytes.length);
    return ByteString.fromArrayUnsafe(bytes);
  }

  private Path writeToDisk(ObjectMeta meta) throws IOException {
    originReads.increment();
    Path part = tmp.resolve(UUID.randomUUID().toString());
    try {
      try (SeekableByteChannel in = origin.open(meta.key());
          FileChannel out =
              FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        long done = 0;
        while (done < meta.size()) {
          long n = out.transferFrom(in, done, meta.size() - done);
          if (n <= 0) {
            throw new IOException("origin object " + meta.key() + " is shorter than its size");
          }
          done += n;
        }
        // On disk before it is visible: the index rebuilt after a crash trusts what it finds.
        out.force(false);
      }
      originBytes.add(meta.size());
      Files.setLastModifiedTime(part, FileTime.from(meta.modifiedAt()));
      // A unique name per copy, so the delayed delete of an evicted copy never hits a newer one.
      Path target =
          objects.resolve(meta.key() + "." + UUID.randomUUID().toString().substring(0, 8) + SUFFIX);
      Files.createDirectories(target.getParent());
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private Entry.InMemory putMemory(Entry.InMemory e) {
    memory.put(e.meta().key(), e);
    return e;
  }

  private Entry.OnDisk putDisk(Entry.OnDisk e) {
    List<Path> evicted = new ArrayList<>();
    synchronized (disk) {
      Entry.OnDisk old = disk.put(e.meta().key(), e);
      if (old != null) {
        diskTotal -= old.meta().size();
        evicted.add(old.file());
      }
      diskTotal += e.meta().size();
      Iterator<Entry.OnDisk> eldest = disk.values().iterator();
      while (diskTotal > limits.diskBytes() && eldest.hasNext()) {
        Entry.OnDisk victim = eldest.next();
        if (victim == e) {
          continue;
        }
        eldest.remove();
        diskTotal -= victim.meta().size();
        diskEvictions.increment();
        evicted.add(victim.file());
      }
    }
    // A response that looked the file up just before may not have opened it yet: delete later.
    // (Once open, deleting is harmless: the open file stays readable.)
    for (Path p : evicted) {
      deleteLater(p);
    }
    return e;
  }

  private void deleteLater(Path p) {
    Runnable delete =
        () -> {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            log.warn("could not delete evicted cache file {}: {}", p, e.toString());
          }
        };
    long grace = limits.evictionGrace().toMillis();
    if (grace <= 0) {
      delete.run();
    } else {
      try {
        janitor.schedule(delete, grace, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        delete.run();
      }
    }
  }

  /**
   * The bytes {@code [start, start + length)} of an entry as a stream: memory slices, disk files
   * read in chunks, or the origin for objects bigger than the disk tier.
   */
  public Source<ByteString, NotUsed> body(Entry entry, long start, long length) {
    if (entry instanceof Entry.InMemory m) {
      return Source.single(m.bytes().slice((int) start, (int) (start + length)));
    }
    if (entry instanceof Entry.OnDisk d) {
      if (start + length == d.meta().size()) {
        return FileIO.fromPath(d.file(), limits.chunkBytes(), start)
            .mapMaterializedValue(io -> NotUsed.getInstance());
      }
      return ChannelSource.of(
          () -> FileChannel.open(d.file(), StandardOpenOption.READ),
          start,
          length,
          limits.chunkBytes());
    }
    String key = entry.meta().key();
    return ChannelSource.of(
        () -> {
          originReads.increment();
          return origin.open(key);
        },
        start,
        length,
        limits.chunkBytes());
  }

  public Stats stats() {
    memory.cleanUp();
    long memEntries = memory.estimatedSize();
    long memBytes =
        memory
            .policy()
            .eviction()
            .flatMap(ev -> ev.weightedSize().stream().boxed().findFirst())
            .orElse(0L);
    long diskEntries;
    long diskBytes;
    synchronized (disk) {
      diskEntries = disk.size();
      diskBytes = diskTotal;
    }
    return new Stats(
        memoryHits.sum(),
        diskHits.sum(),
        misses.sum(),
        originReads.sum(),
        originBytes.sum(),
        memoryEvictions.sum(),
        diskEvictions.sum(),
        memEntries,
        memBytes,
        diskEntries,
        diskBytes);
  }

  /** Indexes what an earlier run left in {@code objects/}, then trims it to the bound. */
  private void rebuild() throws IOException {
    List<Entry.OnDisk> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(objects)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = objects.relativize(f).toString().replace('\\', '/');
        String key = keyOf(name);
        if (key == null || !ObjectKeys.isValid(key)) {
          Files.deleteIfExists(f);
          continue;
        }
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        Instant modified = a.lastModifiedTime().toInstant();
        found.add(
            new Entry.OnDisk(
                new ObjectMeta(key, a.size(), modified, etag(key, a.size(), modified)), f));
      }
    }
    // Oldest access first, so the LRU order survives a restart as well as the file system tells.
    found.sort(
        (x, y) -> {
          try {
            return Files.readAttributes(x.file(), BasicFileAttributes.class)
                .lastAccessTime()
                .compareTo(
                    Files.readAttributes(y.file(), BasicFileAttributes.class).lastAccessTime());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    for (Entry.OnDisk e : found) {
      if (e.meta().size() > limits.diskBytes()) {
        Files.deleteIfExists(e.file());
        continue;
      }
      putDisk(e);
    }
    if (!found.isEmpty()) {
      log.info(
          "edge cache: {} objects, {} bytes on disk from an earlier run", disk.size(), diskTotal);
    }
  }

  /** {@code packages/1/v1/seg-1.m4s.1a2b3c4d.cache} → {@code packages/1/v1/seg-1.m4s}. */
  private static String keyOf(String fileName) {
    if (!fileName.endsWith(SUFFIX)) {
      return null;
    }
    String base = fileName.substring(0, fileName.length() - SUFFIX.length());
    int dot = base.lastIndexOf('.');
    return dot <= 0 || base.length() - dot != 9 ? null : base.substring(0, dot);
  }

  /**
   * A strong validator: the key, size and modification time of the origin object (objects under a
   * versioned prefix never change, and a republished one gets a new time). The same on every edge.
   */
  static String etag(String key, long size, Instant modified) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] d =
          sha.digest(
              (key + "\n" + size + "\n" + modified.toEpochMilli())
                  .getBytes(StandardCharsets.UTF_8));
      return "\""
          + Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22)
          + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    // Run pending deletes now rather than leaving evicted files behind.
    for (Runnable r : janitor.shutdownNow()) {
      r.run();
    }
  }

  /** For tests: how many keys are being fetched right now. */
  int inFlight() {
    return inFlight.size();
  }
}

package io.reel.edge.cache;

import static org.junit.jupiter.api.Assertions.*;

import io.reel.origin.FileSystemObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeCacheTest {

  static ActorSystem<Void> system;

  @TempDir Path originDir;
  @TempDir Path cacheDir;
  FileSystemObjectStore fs;
  CountingStore origin;
  ExecutorService blocking = Executors.newFixedThreadPool(8);
  final List<EdgeCache> caches = new ArrayList<>();

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create(Behaviors.empty(), "edge-cache-test");
  }

  @AfterAll
  static void stopSystem() {
    system.terminate();
  }

  @BeforeEach
  void setUp() throws IOException {
    fs = new FileSystemObjectStore(originDir);
    origin = new CountingStore(fs);
  }

  @AfterEach
  void tearDown() {
    caches.forEach(EdgeCache::close);
    blocking.shutdownNow();
  }

  EdgeCache cache(long memoryBytes, long memoryObjectMax, long diskBytes) throws IOException {
    EdgeCache c =
        new EdgeCache(
            origin,
            new CacheLimits(cacheDir, memoryBytes, memoryObjectMax, diskBytes, Duration.ZERO, 4096),
            blocking);
    caches.add(c);
    return c;
  }

  byte[] put(String key, int size) throws IOException {
    byte[] data = new byte[size];
    new Random(key.hashCode()).nextBytes(data);
    try (var p = fs.create(key)) {
      Files.write(p.stagingFile(), data);
      p.commit();
    }
    return data;
  }

  EdgeCache.Entry get(EdgeCache c, String key) throws Exception {
    return c.get(key).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
  }

  byte[] read(EdgeCache c, EdgeCache.Entry e, long start, long length) throws Exception {
    ByteString all =
        c.body(e, start, length)
            .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), system)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return all.toArray();
  }

  @Test
  void fiftyConcurrentMissesOnOneColdKeyMakeOneOriginRead() throws Exception {
    byte[] data = put("packages/42/v1-a1/video-1080/seg-1.m4s", 300_000);
    EdgeCache c = cache(1 << 20, 1024, 10 << 20);
    origin.hold();
    List<CompletableFuture<Optional<EdgeCache.Entry>>> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(c.get("packages/42/v1-a1/video-1080/seg-1.m4s").toCompletableFuture());
    }
    // Every caller is waiting on the one held origin read.
    assertEquals(50, c.stats().misses());
    assertEquals(1, c.inFlight());
    origin.release();
    for (var f : all) {
      EdgeCache.Entry e = f.get(10, TimeUnit.SECONDS).orElseThrow();
      assertInstanceOf(EdgeCache.Entry.OnDisk.class, e);
    }
    assertEquals(1, origin.opens.get(), "origin opens");
    assertEquals(1, c.stats().originReads());
    assertEquals(0, c.inFlight());
    // Then hits, from disk, with the right bytes.
    EdgeCache.Entry e = get(c, "packages/42/v1-a1/video-1080/seg-1.m4s");
    assertArrayEquals(data, read(c, e, 0, data.length));
    assertEquals(1, c.stats().diskHits());
    assertEquals(1, origin.opens.get());
  }

  @Test
  void concurrentMissesOnASmallObjectAlsoShareOneRead() throws Exception {
    put("packages/42/v1-a1/master.m3u8", 500);
    EdgeCache c = cache(1 << 20, 1024, 10 << 20);
    origin.hold();
    List<CompletableFuture<Optional<EdgeCache.Entry>>> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(c.get("packages/42/v1-a1/master.m3u8").toCompletableFuture());
    }
    origin.release();
    for (var f : all) {
      assertInstanceOf(EdgeCache.Entry.InMemory.class, f.get(10, TimeUnit.SECONDS).orElseThrow());
    }
    assertEquals(1, origin.opens.get());
    get(c, "packages/42/v1-a1/master.m3u8");
    assertEquals(1, c.stats().memoryHits());
  }

  @Test
  void smallObjectsGoToMemoryLargeOnesToDiskMissingOnesAreEmpty() throws Exception {
    byte[] small = put("p/1/v/init-0.m4s", 800);
    byte[] big = put("p/1/v/seg-1.m4s", 5000);
    EdgeCache c = cache(10_000, 1024, 100_000);
    EdgeCache.Entry s = get(c, "p/1/v/init-0.m4s");
    EdgeCache.Entry b = get(c, "p/1/v/seg-1.m4s");
    assertInstanceOf(EdgeCache.Entry.InMemory.class, s);
    assertInstanceOf(EdgeCache.Entry.OnDisk.class, b);
    assertArrayEquals(small, read(c, s, 0, small.length));
    // Ranges: to the end (FileIO path) and bounded (channel path).
    assertArrayEquals(slice(big, 4000, 1000), read(c, b, 4000, 1000));
    assertArrayEquals(slice(big, 10, 4000), read(c, b, 10, 4000));
    assertArrayEquals(slice(small, 100, 50), read(c, s, 100, 50));
    assertTrue(c.get("p/1/v/nothing.m4s").toCompletableFuture().get().isEmpty());
    assertEquals(800, c.stats().memoryBytes());
    assertEquals(5000, c.stats().diskBytes());
  }

  @Test
  void theMemoryTierKeepsItsBoundAndCountsEvictions() throws Exception {
    for (int i = 0; i < 4; i++) {
      put("p/1/v/m" + i + ".m3u8", 400);
    }
    EdgeCache c = cache(1000, 500, 100_000); // room for two
    get(c, "p/1/v/m0.m3u8");
    get(c, "p/1/v/m1.m3u8");
    int opens = origin.opens.get();
    get(c, "p/1/v/m1.m3u8");
    assertEquals(opens, origin.opens.get(), "a second get is a hit");
    get(c, "p/1/v/m2.m3u8"); // one of the three has to go
    var st = c.stats();
    assertEquals(1, st.memoryEvictions());
    assertEquals(2, st.memoryEntries());
    assertEquals(800, st.memoryBytes());
    for (int i = 0; i < 4; i++) {
      get(c, "p/1/v/m" + i + ".m3u8");
    }
    st = c.stats();
    assertEquals(2, st.memoryEntries());
    assertTrue(st.memoryBytes() <= 1000, "the bound holds once maintenance has run");
    assertTrue(st.memoryEvictions() >= 2, st.toString());
  }

  @Test
  void theDiskTierEvictsTheLeastRecentlyUsedAndDeletesItsFiles() throws Exception {
    for (int i = 0; i < 4; i++) {
      put("p/1/v/s" + i + ".m4s", 3000);
    }
    EdgeCache c = cache(0, 0, 7000); // room for two
    Path f0 = ((EdgeCache.Entry.OnDisk) get(c, "p/1/v/s0.m4s")).file();
    Path f1 = ((EdgeCache.Entry.OnDisk) get(c, "p/1/v/s1.m4s")).file();
    get(c, "p/1/v/s0.m4s");
    get(c, "p/1/v/s2.m4s"); // evicts s1
    assertEquals(1, c.stats().diskEvictions());
    assertEquals(6000, c.stats().diskBytes());
    assertTrue(Files.exists(f0));
    assertFalse(Files.exists(f1), "evicted file deleted (no grace in this test)");
    assertEquals(2, countFiles(cacheDir.resolve("objects")));
  }

  @Test
  void anObjectBiggerThanTheDiskTierStreamsFromTheOrigin() throws Exception {
    byte[] huge = put("p/1/v/huge.mp4", 20_000);
    EdgeCache c = cache(0, 0, 10_000);
    EdgeCache.Entry e = get(c, "p/1/v/huge.mp4");
    assertInstanceOf(EdgeCache.Entry.Uncached.class, e);
    assertArrayEquals(slice(huge, 5, 15_000), read(c, e, 5, 15_000));
    assertEquals(0, c.stats().diskBytes());
  }

  @Test
  void aRestartKeepsCompleteFilesDropsPartsAndKeepsTheBound() throws Exception {
    byte[] a = put("p/1/v/a.m4s", 3000);
    put("p/1/v/b.m4s", 3000);
    EdgeCache first = cache(0, 0, 10_000);
    String etag = get(first, "p/1/v/a.m4s").meta().etag();
    get(first, "p/1/v/b.m4s");
    first.close();
    Files.writeString(cacheDir.resolve("tmp").resolve("half-written"), "xx");
    int opens = origin.opens.get();

    EdgeCache second = cache(0, 0, 10_000);
    assertEquals(2, second.stats().diskEntries());
    assertFalse(Files.exists(cacheDir.resolve("tmp").resolve("half-written")));
    EdgeCache.Entry e = get(second, "p/1/v/a.m4s");
    assertEquals(etag, e.meta().etag(), "same validator after a restart");
    assertArrayEquals(a, read(second, e, 0, a.length));
    assertEquals(opens, origin.opens.get(), "served from the rebuilt disk tier");
    second.close();

    EdgeCache smaller = cache(0, 0, 4000);
    assertEquals(1, smaller.stats().diskEntries());
    assertEquals(1, countFiles(cacheDir.resolve("objects")));
  }

  static byte[] slice(byte[] b, int start, int length) {
    byte[] out = new byte[length];
    System.arraycopy(b, start, out, 0, length);
    return out;
  }

  static long countFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}

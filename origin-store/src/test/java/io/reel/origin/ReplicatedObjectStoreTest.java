package io.reel.origin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One region's origin copy replicating every write to the other regions' copies. */
class ReplicatedObjectStoreTest {

  @TempDir Path tmp;

  @Test
  void committedObjectsAndPublishedPackagesReachEveryRegion() throws Exception {
    Path eu = tmp.resolve("eu-west");
    Path us = tmp.resolve("us-east");
    ObjectStore store = ReplicatedObjectStore.open(eu, List.of(us));
    FileSystemObjectStore usCopy = new FileSystemObjectStore(us);

    put(store, "sources/42/v1", "source bytes");
    assertEquals("source bytes", read(usCopy.localPath("sources/42/v1").orElseThrow()));

    Path pkg = tmp.resolve("work/pkg");
    Files.createDirectories(pkg.resolve("video"));
    Files.writeString(pkg.resolve("master.m3u8"), "#EXTM3U");
    Files.write(pkg.resolve("video/seg-1.m4s"), new byte[] {1, 2, 3});
    store.putDirectory(pkg, "packages/42/v1-a1");
    for (ObjectStore copy : List.of(store, usCopy)) {
      assertEquals("#EXTM3U", read(copy.localPath("packages/42/v1-a1/master.m3u8").orElseThrow()));
      assertArrayEquals(
          new byte[] {1, 2, 3},
          Files.readAllBytes(copy.localPath("packages/42/v1-a1/video/seg-1.m4s").orElseThrow()));
    }

    store.delete("packages/42");
    assertTrue(store.stat("packages/42/v1-a1/master.m3u8").isEmpty());
    assertTrue(usCopy.stat("packages/42/v1-a1/master.m3u8").isEmpty());
  }

  @Test
  void readsComeFromThisRegionsCopyOnly() throws Exception {
    Path eu = tmp.resolve("eu-west");
    Path us = tmp.resolve("us-east");
    ObjectStore store = ReplicatedObjectStore.open(eu, List.of(us));
    // Only in the other region's copy (written there by someone else): not seen here.
    FileSystemObjectStore usCopy = new FileSystemObjectStore(us);
    put(usCopy, "only/us", "x");
    assertTrue(store.stat("only/us").isEmpty());
    assertTrue(store.localPath("only/us").isEmpty());
    assertTrue(store.list("only").isEmpty());
  }

  @Test
  void anAbortedWriteReachesNoRegion() throws Exception {
    Path us = tmp.resolve("us-east");
    ObjectStore store = ReplicatedObjectStore.open(tmp.resolve("eu-west"), List.of(us));
    try (ObjectStore.PendingObject p = store.create("half/written")) {
      Files.writeString(p.stagingFile(), "partial");
    }
    assertTrue(store.stat("half/written").isEmpty());
    assertTrue(new FileSystemObjectStore(us).stat("half/written").isEmpty());
  }

  @Test
  void withoutReplicasItIsThePlainStoreAndItsOwnRootIsNoReplica() throws Exception {
    assertInstanceOf(
        FileSystemObjectStore.class, ReplicatedObjectStore.open(tmp.resolve("a"), List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> ReplicatedObjectStore.open(tmp.resolve("a"), List.of(tmp.resolve("a/../a"))));
  }

  private static void put(ObjectStore store, String key, String text) throws Exception {
    try (ObjectStore.PendingObject p = store.create(key)) {
      Files.writeString(p.stagingFile(), text);
      p.commit();
    }
  }

  private static String read(Path p) throws Exception {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}

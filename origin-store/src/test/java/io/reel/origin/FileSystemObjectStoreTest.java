package io.reel.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemObjectStoreTest {

  @TempDir Path dir;

  private static void write(ObjectStore.PendingObject p, String text) throws Exception {
    Files.writeString(p.stagingFile(), text);
  }

  private static String read(ObjectStore store, String key) throws Exception {
    try (SeekableByteChannel ch = store.open(key)) {
      ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
      while (buf.hasRemaining() && ch.read(buf) >= 0) {}
      return new String(buf.array(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void anObjectIsInvisibleUntilCommittedAndGoneWhenAborted() throws Exception {
    FileSystemObjectStore store = new FileSystemObjectStore(dir);
    ObjectStore.PendingObject p = store.create("sources/1/a");
    write(p, "half");
    assertTrue(store.stat("sources/1/a").isEmpty());
    assertThrows(NoSuchFileException.class, () -> store.open("sources/1/a"));
    p.abort();
    assertFalse(Files.exists(p.stagingFile()));
    assertTrue(store.stat("sources/1/a").isEmpty());

    try (ObjectStore.PendingObject q = store.create("sources/1/a")) {
      write(q, "whole");
      assertEquals(5, q.commit().sizeBytes());
    }
    assertEquals("whole", read(store, "sources/1/a"));
  }

  @Test
  void aDirectoryAppearsWholeAndReplacesTheOldTree() throws Exception {
    FileSystemObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
    Path out = Files.createDirectories(dir.resolve("out/thumbs"));
    Files.writeString(dir.resolve("out/master.m3u8"), "#EXTM3U");
    Files.writeString(out.resolve("sprite-001.jpg"), "jpg");
    store.putDirectory(dir.resolve("out"), "packages/1/v1");
    assertEquals(
        List.of("packages/1/v1/master.m3u8", "packages/1/v1/thumbs/sprite-001.jpg"),
        store.list("packages/1/v1"));

    Files.delete(out.resolve("sprite-001.jpg"));
    Files.writeString(dir.resolve("out/master.m3u8"), "#EXTM3U\n#2");
    store.putDirectory(dir.resolve("out"), "packages/1/v1");
    assertEquals(List.of("packages/1/v1/master.m3u8"), store.list("packages/1/v1"));
    assertEquals("#EXTM3U\n#2", read(store, "packages/1/v1/master.m3u8"));
    store.delete("packages/1");
    assertEquals(List.of(), store.list("packages"));
  }

  @Test
  void hostileKeysAreRefused() throws Exception {
    FileSystemObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
    Files.writeString(dir.resolve("secret"), "x");
    for (String key :
        List.of(
            "../secret",
            "a/../../secret",
            "/etc/passwd",
            "a//b",
            "a/./b",
            ".staging/x",
            "a\\..\\b",
            "a/b\u0000",
            "",
            "..")) {
      assertThrows(IllegalArgumentException.class, () -> store.open(key), key);
      assertThrows(IllegalArgumentException.class, () -> store.create(key), key);
    }
  }

  @Test
  void anotherInstanceOpeningLeavesLiveUploadsAloneAndAbandonedOnesGo() throws Exception {
    FileSystemObjectStore store = new FileSystemObjectStore(dir);
    ObjectStore.PendingObject p = store.create("k");
    write(p, "uploading while another node starts");
    FileSystemObjectStore other = new FileSystemObjectStore(dir);
    assertTrue(Files.exists(p.stagingFile()));
    assertEquals(35, p.commit().sizeBytes());

    ObjectStore.PendingObject crashed = store.create("k2");
    write(crashed, "crashed mid-upload");
    other.removeAbandonedStaging(java.time.Instant.now().plusSeconds(60));
    assertFalse(Files.exists(crashed.stagingFile()));
    assertTrue(store.stat("k2").isEmpty());
  }
}

package io.reel.origin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link ObjectStore} on a local directory (which several nodes of one machine may share). Writes
 * go to this instance's own {@code .staging/<uuid>/} on the same file system and are fsynced, then
 * renamed into place with {@code ATOMIC_MOVE}: a reader sees the old object or the complete new
 * one, never a part. Staging directories left by crashed instances are removed once they are a day
 * old, so a store opening never touches another live instance's uploads.
 */
public final class FileSystemObjectStore implements ObjectStore {

  private static final String STAGING = ".staging";
  private static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofDays(1);

  private final Path root;
  private final Path stagingRoot;
  private final Path staging;

  public FileSystemObjectStore(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.stagingRoot = this.root.resolve(STAGING);
    Files.createDirectories(stagingRoot);
    removeAbandonedStaging(java.time.Instant.now().minus(ABANDONED_AFTER));
    this.staging = Files.createDirectories(stagingRoot.resolve(UUID.randomUUID().toString()));
  }

  /** Removes staging directories not modified since {@code before} (their instance is gone). */
  void removeAbandonedStaging(java.time.Instant before) throws IOException {
    try (Stream<Path> dirs = Files.list(stagingRoot)) {
      for (Path d : dirs.toList()) {
        if (Files.getLastModifiedTime(d).toInstant().isBefore(before)) {
          deleteTree(d);
        }
      }
    }
  }

  public Path root() {
    return root;
  }

  private Path pathOf(String key) {
    Path p = root.resolve(ObjectKeys.require(key)).normalize();
    if (!p.startsWith(root) || p.startsWith(stagingRoot)) {
      throw new IllegalArgumentException("not a valid object key");
    }
    return p;
  }

  @Override
  public PendingObject create(String key) throws IOException {
    Path target = pathOf(key);
    // Recreated if an idle instance's directory was taken for abandoned by another instance.
    Files.createDirectories(staging);
    Path file = staging.resolve(UUID.randomUUID().toString());
    Files.createFile(file);
    return new PendingObject() {
      private boolean done;

      @Override
      public Path stagingFile() {
        return file;
      }

      @Override
      public synchronized ObjectInfo commit() throws IOException {
        if (done) {
          throw new IllegalStateException("already committed or aborted");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.createDirectories(target.getParent());
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        done = true;
        return stat(key).orElseThrow();
      }

      @Override
      public synchronized void abort() {
        if (!done) {
          done = true;
          try {
            Files.deleteIfExists(file);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    };
  }

  @Override
  public void putDirectory(Path dir, String prefix) throws IOException {
    Path target = pathOf(prefix);
    Files.createDirectories(staging);
    Path aside = staging.resolve(UUID.randomUUID().toString());
    try {
      copyTree(dir, aside);
      Files.createDirectories(target.getParent());
      if (Files.exists(target)) {
        // Move the old tree away in one rename, then the new one in: readers never see a mix.
        Path old = staging.resolve(UUID.randomUUID().toString());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
      } else {
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      deleteTree(aside);
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    Path p = pathOf(key);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
    return Optional.of(new ObjectInfo(key, a.size(), a.lastModifiedTime().toInstant()));
  }

  @Override
  public SeekableByteChannel open(String key) throws IOException {
    Path p = pathOf(key);
    if (!Files.isRegularFile(p)) {
      throw new NoSuchFileException(key);
    }
    return FileChannel.open(p, StandardOpenOption.READ);
  }

  @Override
  public Optional<Path> localPath(String key) {
    Path p = pathOf(key);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    Path base = pathOf(prefix);
    if (!Files.isDirectory(base)) {
      return Files.isRegularFile(base) ? List.of(prefix) : List.of();
    }
    List<String> keys = new ArrayList<>();
    try (Stream<Path> files = Files.walk(base)) {
      files
          .filter(Files::isRegularFile)
          .forEach(f -> keys.add(root.relativize(f).toString().replace('\\', '/')));
    }
    keys.sort(Comparator.naturalOrder());
    return keys;
  }

  @Override
  public void delete(String keyOrPrefix) throws IOException {
    deleteTree(pathOf(keyOrPrefix));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(d).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
            Path dest = to.resolve(from.relativize(f).toString());
            Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(dest, StandardOpenOption.WRITE)) {
              ch.force(true);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Removes a file or a directory tree; nothing happens if there is nothing. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> all = Files.walk(p)) {
      for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}

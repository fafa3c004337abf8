package io.reel.origin;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The origin store of a node in one region, replicating to the other regions' copies: reads come
 * from this region's copy only, and every write (a committed object, a published package directory,
 * a delete) is applied to each other region's copy before it returns, so an edge warms from its own
 * region's origin and a title is never reported packaged with a region lacking it. Here the copies
 * are local directories ({@code reel.media.store-dir} and {@code reel.media.replica-dirs}); between
 * real regions the same interface would sit over each region's object storage with its own
 * replication.
 *
 * <p>A replica that cannot be written fails the write (a transcode then retries); the region's own
 * copy may already hold it, which a retry overwrites.
 */
public final class ReplicatedObjectStore implements ObjectStore {

  private final ObjectStore local;
  private final List<ObjectStore> replicas;

  public ReplicatedObjectStore(ObjectStore local, List<ObjectStore> replicas) {
    this.local = local;
    this.replicas = List.copyOf(replicas);
  }

  /** This region's copy at {@code root}, replicating to {@code replicaRoots}; plain without any. */
  public static ObjectStore open(Path root, List<Path> replicaRoots) throws IOException {
    FileSystemObjectStore local = new FileSystemObjectStore(root);
    if (replicaRoots.isEmpty()) {
      return local;
    }
    List<ObjectStore> replicas = new ArrayList<>();
    for (Path r : replicaRoots) {
      if (r.toAbsolutePath().normalize().equals(root.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("a replica of the origin store is its own root: " + r);
      }
      replicas.add(new FileSystemObjectStore(r));
    }
    return new ReplicatedObjectStore(local, replicas);
  }

  @Override
  public PendingObject create(String key) throws IOException {
    PendingObject pending = local.create(key);
    return new PendingObject() {
      @Override
      public Path stagingFile() {
        return pending.stagingFile();
      }

      @Override
      public ObjectInfo commit() throws IOException {
        ObjectInfo info = pending.commit();
        Path committed =
            local
                .localPath(key)
                .orElseThrow(() -> new IOException("committed but not found locally: " + key));
        for (ObjectStore replica : replicas) {
          try (PendingObject copy = replica.create(key)) {
            Files.copy(committed, copy.stagingFile(), StandardCopyOption.REPLACE_EXISTING);
            copy.commit();
          }
        }
        return info;
      }

      @Override
      public void abort() {
        pending.abort();
      }
    };
  }

  @Override
  public void putDirectory(Path dir, String prefix) throws IOException {
    // The other regions first: once this region's copy has it, everything has it.
    for (ObjectStore replica : replicas) {
      replica.putDirectory(dir, prefix);
    }
    local.putDirectory(dir, prefix);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    return local.stat(key);
  }

  @Override
  public SeekableByteChannel open(String key) throws IOException {
    return local.open(key);
  }

  @Override
  public Optional<Path> localPath(String key) {
    return local.localPath(key);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    return local.list(prefix);
  }

  @Override
  public void delete(String keyOrPrefix) throws IOException {
    local.delete(keyOrPrefix);
    for (ObjectStore replica : replicas) {
      replica.delete(keyOrPrefix);
    }
  }
}

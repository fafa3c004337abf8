package io.reel.origin;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The origin store: sources, packages and job logs, addressed by keys like {@code
 * packages/42/v1-a1/master.m3u8}. Writes are all-or-nothing: a {@link PendingObject} or a directory
 * becomes visible in one step, so a broken upload or a crashed worker never leaves a half-written
 * object under a key anyone reads.
 *
 * <p>The one-machine implementation is {@link FileSystemObjectStore}. An S3-compatible store fits
 * the same shape: a pending object stages locally and becomes a (multipart) PUT on commit, and
 * {@link #putDirectory} uploads every file under a fresh prefix that nothing references until the
 * title's event switches to it.
 */
public interface ObjectStore {

  /** Starts writing {@code key}; nothing is visible under it until {@link PendingObject#commit}. */
  PendingObject create(String key) throws IOException;

  /**
   * Publishes every file under {@code dir} below {@code prefix}, all at once: either the whole tree
   * is visible under the prefix afterwards or nothing is. Replaces an earlier tree under it.
   */
  void putDirectory(Path dir, String prefix) throws IOException;

  /** Size and time of an object; empty when there is none. */
  Optional<ObjectInfo> stat(String key) throws IOException;

  /** Reads an object from any position; {@link java.nio.file.NoSuchFileException} if missing. */
  SeekableByteChannel open(String key) throws IOException;

  /** A path a child process (ffmpeg) can read directly, for stores that are local files. */
  Optional<Path> localPath(String key);

  /** Keys under a prefix, sorted. */
  List<String> list(String prefix) throws IOException;

  /** Removes an object or a whole prefix; nothing happens if there is nothing. */
  void delete(String keyOrPrefix) throws IOException;

  /** An object being written. Close without commit aborts it. */
  interface PendingObject extends AutoCloseable {

    /** Where to write the bytes. */
    Path stagingFile();

    /** Makes the written bytes visible under the key, replacing what was there. */
    ObjectInfo commit() throws IOException;

    /** Drops the written bytes; idempotent. */
    void abort();

    @Override
    default void close() {
      abort();
    }
  }
}

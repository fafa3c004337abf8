package io.reel.edge.cache;

import io.reel.origin.ObjectInfo;
import io.reel.origin.ObjectStore;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An origin that counts reads and can hold them until released (to line misses up). */
public final class CountingStore implements ObjectStore {

  private final ObjectStore inner;
  public final AtomicInteger opens = new AtomicInteger();
  public final AtomicInteger stats = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);

  public CountingStore(ObjectStore inner) {
    this.inner = inner;
  }

  /** Reads wait until {@link #release}. */
  public void hold() {
    gate = new CountDownLatch(1);
  }

  public void release() {
    gate.countDown();
  }

  @Override
  public SeekableByteChannel open(String key) throws IOException {
    opens.incrementAndGet();
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IOException("held too long");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return inner.open(key);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    stats.incrementAndGet();
    return inner.stat(key);
  }

  @Override
  public PendingObject create(String key) throws IOException {
    return inner.create(key);
  }

  @Override
  public void putDirectory(Path dir, String prefix) throws IOException {
    inner.putDirectory(dir, prefix);
  }

  @Override
  public Optional<Path> localPath(String key) {
    return inner.localPath(key);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    return inner.list(prefix);
  }

  @Override
  public void delete(String keyOrPrefix) throws IOException {
    inner.delete(keyOrPrefix);
  }
}

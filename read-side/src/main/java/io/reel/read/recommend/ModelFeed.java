package io.reel.read.recommend;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.reel.recommend.Model;
import io.reel.recommend.ModelCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest recommendation model the trainer published (V014__recommendations.cql), kept in memory
 * on each read node: polled every {@code reel.read.recommend.poll-every}, loaded whole when {@code
 * rec_current} points at a new one. Until the first model exists there is none, and the rows fall
 * back to the index (trending, more-like-this from the text).
 */
public final class ModelFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelFeed.class);
  static final String CURRENT = "top-picks";

  private final CqlSession session;
  private final PreparedStatement current;
  private final PreparedStatement chunks;
  private final AtomicReference<Loaded> loaded = new AtomicReference<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "recommendation-model-feed");
            t.setDaemon(true);
            return t;
          });

  private record Loaded(String id, Model model) {}

  public ModelFeed(CqlSession session, String keyspace, Duration pollEvery) {
    this.session = session;
    this.current =
        session.prepare("SELECT model_id, chunks FROM " + keyspace + ".rec_current WHERE name = ?");
    this.chunks =
        session.prepare(
            SimpleStatement.newInstance(
                    "SELECT chunk, data FROM " + keyspace + ".rec_models WHERE model_id = ?")
                // Chunks are large (512 KiB): a few per page, not the driver's 5,000.
                .setPageSize(4));
    timer.scheduleWithFixedDelay(
        this::refresh, 0, Math.max(100, pollEvery.toMillis()), TimeUnit.MILLISECONDS);
  }

  public Optional<Model> model() {
    Loaded l = loaded.get();
    return l == null ? Optional.empty() : Optional.of(l.model());
  }

  /** Loads the published model when it is not the one held; a failure keeps the one held. */
  void refresh() {
    try {
      Row row = session.execute(current.bind(CURRENT)).one();
      if (row == null) {
        return;
      }
      String id = row.getString(0);
      int expected = row.getInt(1);
      Loaded held = loaded.get();
      if (held != null && held.id().equals(id)) {
        return;
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int seen = 0;
      for (Row c : session.execute(chunks.bind(id))) {
        if (c.getInt(0) != seen) {
          throw new IOException("chunk " + seen + " of model " + id + " is missing");
        }
        ByteBuffer data = c.getByteBuffer(1);
        byte[] b = new byte[data.remaining()];
        data.get(b);
        bytes.write(b);
        seen++;
      }
      if (seen != expected) {
        throw new IOException("model " + id + " has " + seen + " of " + expected + " chunks");
      }
      Model model = ModelCodec.read(new ByteArrayInputStream(bytes.toByteArray()));
      loaded.set(new Loaded(id, model));
      log.info(
          "recommendation model {} loaded: {} titles, trained at {}",
          id,
          model.report().items(),
          model.trainedAt());
    } catch (IOException | RuntimeException e) {
      log.warn("recommendation model not loaded; keeping the one held: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

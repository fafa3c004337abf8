package io.reel.projections.recommend;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.reel.recommend.Model;
import io.reel.recommend.ModelCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * Writes a trained model to {@code rec_models} in chunks, then points {@code rec_current} at it
 * (V014__recommendations.cql). Readers never see a half-written model: the pointer moves only once
 * every chunk is in. The previous model stays for readers still loading it; the one before goes.
 */
public final class ModelPublisher {

  public static final String CURRENT = "top-picks";

  private final CqlSession session;
  private final int chunkBytes;
  private final PreparedStatement chunk;
  private final PreparedStatement point;
  private final PreparedStatement current;
  private final PreparedStatement drop;

  public ModelPublisher(CqlSession session, String keyspace, int chunkBytes) {
    this.session = session;
    this.chunkBytes = chunkBytes;
    String k = keyspace + ".";
    this.chunk =
        session.prepare("INSERT INTO " + k + "rec_models (model_id, chunk, data) VALUES (?, ?, ?)");
    this.point =
        session.prepare(
            "INSERT INTO "
                + k
                + "rec_current (name, model_id, chunks, previous_id, trained_at, interactions,"
                + " profiles, titles, took_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.current =
        session.prepare("SELECT model_id, previous_id FROM " + k + "rec_current WHERE name = ?");
    this.drop = session.prepare("DELETE FROM " + k + "rec_models WHERE model_id = ?");
  }

  /** Publishes {@code model}; returns its id. */
  public String publish(Model model) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelCodec.write(model, out);
    byte[] bytes = out.toByteArray();
    String id = UUID.randomUUID().toString();
    int chunks = 0;
    for (int from = 0; from < bytes.length || chunks == 0; from += chunkBytes) {
      byte[] part = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunkBytes));
      session.execute(chunk.bind(id, chunks, ByteBuffer.wrap(part)));
      chunks++;
    }
    Row was = session.execute(current.bind(CURRENT)).one();
    String previous = was == null ? null : was.getString(0);
    String beforePrevious = was == null ? null : was.getString(1);
    var report = model.report();
    session.execute(
        point.bind(
            CURRENT,
            id,
            chunks,
            previous,
            model.trainedAt(),
            report.interactions(),
            report.users(),
            report.items(),
            report.took().toMillis()));
    if (beforePrevious != null) {
      session.execute(drop.bind(beforePrevious));
    }
    return id;
  }
}

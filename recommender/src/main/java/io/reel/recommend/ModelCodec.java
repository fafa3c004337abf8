package io.reel.recommend;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A trained model as bytes, so the trainer can hand it to the nodes that answer with it: gzip over
 * a versioned binary layout (a few bytes per neighbour pair). Reading checks every index, so a
 * damaged or foreign blob is refused with an {@link IOException}, never half-loaded.
 */
public final class ModelCodec {

  private static final int MAGIC = 0x5245454c; // "REEL"
  private static final int VERSION = 1;

  /** More of anything than a model can hold: a corrupt length, not a big model. */
  private static final int MAX_COUNT = 50_000_000;

  private ModelCodec() {}

  public static void write(Model model, OutputStream target) throws IOException {
    GZIPOutputStream zip = new GZIPOutputStream(target, 1 << 16);
    DataOutputStream out = new DataOutputStream(zip);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    ModelSettings s = model.settings();
    out.writeInt(s.neighbours());
    out.writeDouble(s.shrinkage());
    out.writeLong(s.popularityHalfLife().toMillis());
    out.writeLong(s.historyHalfLife().toMillis());
    out.writeInt(s.maxHistory());
    out.writeDouble(s.blend().popularity());
    out.writeDouble(s.blend().personal());
    out.writeDouble(s.blend().content());
    out.writeLong(model.trainedAt().getEpochSecond());
    out.writeInt(model.trainedAt().getNano());
    TrainingReport r = model.report();
    out.writeInt(r.interactions());
    out.writeInt(r.users());
    out.writeInt(r.items());
    out.writeLong(r.neighbours());
    out.writeLong(r.took().toNanos());
    model.index().write(out);
    model.neighbours().write(out);
    double[] popularity = model.popularity();
    out.writeInt(popularity.length);
    for (double p : popularity) {
      out.writeDouble(p);
    }
    model.genres().write(out);
    out.flush();
    zip.finish();
  }

  public static Model read(InputStream source) throws IOException {
    DataInputStream in = new DataInputStream(new GZIPInputStream(source, 1 << 16));
    if (in.readInt() != MAGIC || in.readInt() != VERSION) {
      throw new IOException("not a Reel model of version " + VERSION);
    }
    try {
      ModelSettings settings =
          new ModelSettings(
              in.readInt(),
              in.readDouble(),
              Duration.ofMillis(in.readLong()),
              Duration.ofMillis(in.readLong()),
              in.readInt(),
              new Blend(in.readDouble(), in.readDouble(), in.readDouble()));
      Instant trainedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
      TrainingReport report =
          new TrainingReport(
              in.readInt(),
              in.readInt(),
              in.readInt(),
              in.readLong(),
              Duration.ofNanos(in.readLong()));
      ItemIndex index = ItemIndex.read(in);
      Neighbours neighbours = Neighbours.read(in, index.size());
      int n = count(in.readInt());
      if (n != index.size()) {
        throw new IOException("the stored popularity does not fit the titles");
      }
      double[] popularity = new double[n];
      for (int i = 0; i < n; i++) {
        popularity[i] = in.readDouble();
      }
      Genres genres = Genres.read(in, index.size());
      return new Model(settings, trainedAt, index, neighbours, popularity, genres, report);
    } catch (IllegalArgumentException e) {
      throw new IOException("the stored model is invalid: " + e.getMessage(), e);
    }
  }

  static int count(int n) throws IOException {
    if (n < 0 || n > MAX_COUNT) {
      throw new IOException("the stored model is damaged (a count of " + n + ")");
    }
    return n;
  }
}

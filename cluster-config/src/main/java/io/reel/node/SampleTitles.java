package io.reel.node;

import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleId;
import io.reel.origin.ObjectInfo;
import io.reel.origin.ObjectStore;
import io.reel.search.TitleSearch;
import io.reel.transcode.SampleClip;
import io.reel.write.title.TitleReply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Something to play on a fresh machine: short clips that the bundled ffmpeg generates (a Mandelbrot
 * zoom, Conway's Game of Life, a test pattern; each with a tone), attached to catalog titles the
 * way an operator's upload is (stored in the origin store, then {@code AttachSource} to the title),
 * so the pipeline transcodes, packages and protects them like any other source.
 */
public final class SampleTitles {

  /** A catalog title (by title and year) and the generated picture it gets. */
  public record Sample(String title, int year, String source, int toneHz) {}

  /** The titles a local Reel gets on its first start (all in the shipped catalog). */
  public static final List<Sample> LOCAL =
      List.of(
          new Sample("Interstellar", 2014, "mandelbrot", 330),
          new Sample("The Martian", 2015, "life", 440),
          new Sample("Cast Away", 2000, "testsrc2", 550));

  /** A title a clip was attached to. */
  public record Attached(String titleId, String title, int year) {}

  private final Node.Running node;

  public SampleTitles(Node.Running node) {
    if (node.media().isEmpty() || node.search().isEmpty()) {
      throw new IllegalArgumentException("sample titles need the transcode and read roles");
    }
    this.node = node;
  }

  /**
   * Blocking: finds each sample's title in the index (waiting up to {@code wait} for it to get
   * there), writes its clip under {@code work} and attaches it. Titles that are not in the catalog
   * are skipped and said so; the transcodes run on after this returns.
   */
  public List<Attached> attach(
      List<Sample> samples,
      double seconds,
      int width,
      int height,
      Path work,
      Duration wait,
      Consumer<String> say)
      throws IOException, InterruptedException {
    TitleSearch search = new TitleSearch(node.search().get());
    ObjectStore store = node.media().get().store();
    Files.createDirectories(work);
    List<Attached> out = new ArrayList<>();
    long deadline = System.nanoTime() + wait.toNanos();
    for (Sample s : samples) {
      Optional<TitleSearch.Card> card = find(search, s);
      while (card.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(2_000);
        card = find(search, s);
      }
      if (card.isEmpty()) {
        say.accept("sample: " + s.title() + " (" + s.year() + ") is not in the catalog, skipped");
        continue;
      }
      String id = card.get().id();
      Path clip = work.resolve("sample-" + s.source() + ".mp4");
      SampleClip.write(clip, s.source(), s.toneHz(), width, height, 25, seconds);
      String key = "sources/" + id + "/" + UUID.randomUUID();
      ObjectStore.PendingObject pending = store.create(key);
      ObjectInfo info;
      try {
        Files.copy(clip, pending.stagingFile(), StandardCopyOption.REPLACE_EXISTING);
        info = pending.commit();
      } catch (IOException | RuntimeException e) {
        pending.abort();
        throw e;
      }
      TitleReply reply =
          node.titles()
              .ask(
                  TitleId.parse(id).orElseThrow(),
                  new TitleCommand.AttachSource(
                      info.key(), sha256(clip), info.sizeBytes(), clip.getFileName().toString()))
              .toCompletableFuture()
              .join();
      if (reply instanceof TitleReply.Rejected r) {
        store.delete(key);
        say.accept("sample: " + s.title() + " refused the clip: " + r.rejection());
        continue;
      }
      out.add(new Attached(id, card.get().title(), card.get().year()));
      say.accept(
          "sample: a "
              + (int) seconds
              + " s "
              + s.source()
              + " clip is being packaged onto "
              + card.get().title()
              + " ("
              + card.get().year()
              + ")");
    }
    return out;
  }

  private static Optional<TitleSearch.Card> find(TitleSearch search, Sample s) {
    return search
        .search(
            s.title() + " " + s.year(),
            TitleSearch.Filters.NONE,
            MaturityRating.NR,
            5,
            Optional.empty())
        .hits()
        .stream()
        .map(TitleSearch.Hit::title)
        .filter(
            c ->
                c.year() == s.year()
                    && c.title()
                        .toLowerCase(Locale.ROOT)
                        .equals(s.title().toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  private static String sha256(Path file) throws IOException {
    try (DigestInputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.reel.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reel.recommend.Interaction.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** A model written and read back answers exactly as the one trained; damaged bytes are refused. */
class ModelCodecTest {

  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  private static final Predicate<String> ANY = i -> true;

  private static Model trained() {
    List<Interaction> all = new ArrayList<>();
    for (int u = 0; u < 40; u++) {
      for (int i = 0; i < 6; i++) {
        String item = "t" + ((u * 7 + i * 3) % 25);
        all.add(
            new Interaction(
                "u" + u,
                item,
                Kind.values()[(u + i) % 6],
                NOW.minus(Duration.ofHours(u * 5L + i))));
      }
    }
    List<ItemFacts> catalog = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      catalog.add(new ItemFacts("t" + i, List.of(i % 2 == 0 ? "Drama" : "Comedy", "G" + (i % 3))));
    }
    return new Trainer(ModelSettings.defaults()).train(all, catalog, NOW);
  }

  private static byte[] bytes(Model m) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelCodec.write(m, out);
    return out.toByteArray();
  }

  @Test
  void aModelReadBackAnswersAsTheOneTrained() throws IOException {
    Model original = trained();
    Model back = ModelCodec.read(new ByteArrayInputStream(bytes(original)));
    assertEquals(original.settings(), back.settings());
    assertEquals(original.trainedAt(), back.trainedAt());
    assertEquals(original.report(), back.report());
    List<Interaction> history =
        List.of(
            new Interaction("x", "t3", Kind.LOVED, NOW.minusSeconds(60)),
            new Interaction("x", "t8", Kind.THUMBS_DOWN, NOW.minusSeconds(30)));
    assertEquals(original.topPicks("x", history, 10, ANY), back.topPicks("x", history, 10, ANY));
    for (int i = 0; i < 30; i++) {
      assertEquals(original.similar("t" + i, 5, ANY), back.similar("t" + i, 5, ANY));
    }
    assertEquals(original.popularNow(10, ANY), back.popularNow(10, ANY));
  }

  @Test
  void damagedOrForeignBytesAreRefused() throws IOException {
    byte[] good = bytes(trained());
    byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
    assertThrows(IOException.class, () -> ModelCodec.read(new ByteArrayInputStream(cut)));
    ByteArrayOutputStream foreign = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(foreign)) {
      zip.write("not a model at all, but long enough to read".getBytes());
    }
    assertThrows(
        IOException.class, () -> ModelCodec.read(new ByteArrayInputStream(foreign.toByteArray())));
    assertThrows(
        IOException.class, () -> ModelCodec.read(new ByteArrayInputStream(new byte[] {1, 2, 3})));
  }
}

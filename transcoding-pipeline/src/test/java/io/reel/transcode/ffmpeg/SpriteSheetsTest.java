package io.reel.transcode.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpriteSheetsTest {

  @TempDir Path out;

  private void thumb(int n, Color c) throws Exception {
    BufferedImage img = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
    var g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, 16, 8);
    g.dispose();
    ImageIO.write(img, "jpg", out.resolve(String.format(Trickplay.THUMB_PATTERN, n)).toFile());
  }

  @Test
  void tilesRowByRowIntoSheetsAndPadsAMissingLastThumbnail() throws Exception {
    Files.createDirectories(out.resolve("thumbs"));
    Color[] colors = {Color.RED, Color.GREEN, Color.BLUE, Color.WHITE, Color.YELLOW};
    for (int i = 0; i < colors.length; i++) {
      thumb(i + 1, colors[i]);
    }
    // 2x2 sheets, 4 s apart, 23 s: 6 cues -> 2 sheets; thumbnail 6 is missing and repeats 5.
    int sheets = SpriteSheets.tile(out, new Trickplay(4, 16, 2, 2), 23, 16, 8);
    assertEquals(2, sheets);
    BufferedImage first = ImageIO.read(out.resolve("thumbs/sprite-001.jpg").toFile());
    assertEquals(32, first.getWidth());
    assertEquals(16, first.getHeight());
    assertNear(Color.RED, first.getRGB(8, 4));
    assertNear(Color.GREEN, first.getRGB(24, 4));
    assertNear(Color.BLUE, first.getRGB(8, 12));
    BufferedImage second = ImageIO.read(out.resolve("thumbs/sprite-002.jpg").toFile());
    assertNear(Color.YELLOW, second.getRGB(8, 4));
    assertNear(Color.YELLOW, second.getRGB(24, 4));
    assertFalse(Files.exists(out.resolve("thumbs/thumb-00001.jpg")));
  }

  private static void assertNear(Color expected, int rgb) {
    Color c = new Color(rgb);
    int d =
        Math.abs(c.getRed() - expected.getRed())
            + Math.abs(c.getGreen() - expected.getGreen())
            + Math.abs(c.getBlue() - expected.getBlue());
    assertEquals(true, d < 60, () -> "expected " + expected + " got " + c);
  }
}

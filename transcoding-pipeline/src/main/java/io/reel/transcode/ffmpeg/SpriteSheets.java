package io.reel.transcode.ffmpeg;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Tiles the single trickplay thumbnails ffmpeg wrote into sprite sheets, row by row as {@link
 * Trickplay#webVtt} expects, then removes the singles. When ffmpeg wrote fewer thumbnails than the
 * cues need (the last interval can round either way), the last one is repeated, so every cue points
 * at a real picture.
 */
public final class SpriteSheets {

  private SpriteSheets() {}

  /** Returns the number of sprite sheets written. */
  public static int tile(
      Path outDir, Trickplay trickplay, double durationSeconds, int tileW, int tileH)
      throws IOException {
    Path dir = outDir.resolve(FfmpegCommand.THUMBS_DIR);
    List<Path> singles;
    try (Stream<Path> files = Files.list(dir)) {
      singles =
          files.filter(p -> p.getFileName().toString().startsWith("thumb-")).sorted().toList();
    }
    if (singles.isEmpty()) {
      throw new IOException("ffmpeg wrote no trickplay thumbnails");
    }
    int needed = trickplay.thumbnailCount(durationSeconds);
    int perSheet = trickplay.columns() * trickplay.rows();
    int sheets = (needed + perSheet - 1) / perSheet;
    for (int s = 0; s < sheets; s++) {
      BufferedImage sheet =
          new BufferedImage(
              trickplay.columns() * tileW, trickplay.rows() * tileH, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = sheet.createGraphics();
      try {
        for (int i = 0; i < perSheet; i++) {
          int n = s * perSheet + i;
          if (n >= needed) {
            break;
          }
          BufferedImage thumb = ImageIO.read(singles.get(Math.min(n, singles.size() - 1)).toFile());
          if (thumb == null) {
            throw new IOException("unreadable thumbnail " + singles.get(n));
          }
          int x = (i % trickplay.columns()) * tileW;
          int y = (i / trickplay.columns()) * tileH;
          g.drawImage(thumb, x, y, tileW, tileH, null);
        }
      } finally {
        g.dispose();
      }
      Path target = outDir.resolve(String.format(Trickplay.SPRITE_PATTERN, s + 1));
      if (!ImageIO.write(sheet, "jpg", target.toFile())) {
        throw new IOException("no JPEG writer");
      }
    }
    for (Path p : singles) {
      Files.delete(p);
    }
    return sheets;
  }
}

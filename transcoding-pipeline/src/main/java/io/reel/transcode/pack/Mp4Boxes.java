package io.reel.transcode.pack;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Just enough ISO BMFF (MP4) box reading and writing to patch fMP4 init segments: list boxes, walk
 * to {@code tenc}, and append a box to {@code moov}. Works on whole files in memory (init segments
 * are a few KB) and rejects malformed or truncated boxes instead of guessing.
 */
public final class Mp4Boxes {

  private Mp4Boxes() {}

  /**
   * One box: {@code offset} of its header in the file, total {@code size} including the header, and
   * {@code headerSize} (8, 16 with a 64-bit largesize, +16 for a {@code uuid} type).
   */
  public record Box(String type, int offset, int size, int headerSize) {
    public int payloadOffset() {
      return offset + headerSize;
    }

    public int end() {
      return offset + size;
    }
  }

  /**
   * Bytes between a container's header and its first child box: full-box version/flags and entry
   * count for {@code stsd}; the fixed sample entry fields for visual and audio sample entries.
   */
  private static int childrenSkip(String type) {
    switch (type) {
      case "stsd":
        return 8;
      case "encv":
      case "avc1":
      case "avc3":
      case "hvc1":
      case "hev1":
        return 78;
      case "enca":
      case "mp4a":
        return 28;
      default:
        return 0;
    }
  }

  private static final Set<String> PROTECTED_ENTRIES = Set.of("encv", "enca");

  /** The boxes at the top level of a file. */
  public static List<Box> topLevel(byte[] data) {
    return parse(data, 0, data.length);
  }

  /** The child boxes of a container box (skipping sample-entry and stsd fixed fields). */
  public static List<Box> children(byte[] data, Box parent) {
    int from = parent.payloadOffset() + childrenSkip(parent.type());
    if (from > parent.end()) {
      throw new IllegalArgumentException(
          "box '" + parent.type() + "' at " + parent.offset() + " is too short for its fields");
    }
    return parse(data, from, parent.end());
  }

  private static List<Box> parse(byte[] data, int from, int to) {
    List<Box> boxes = new ArrayList<>();
    int o = from;
    while (o < to) {
      boxes.add(header(data, o, to));
      o = boxes.get(boxes.size() - 1).end();
    }
    return boxes;
  }

  private static Box header(byte[] data, int o, int limit) {
    if (limit - o < 8) {
      throw new IllegalArgumentException("truncated box header at offset " + o);
    }
    long size = u32(data, o);
    String type = new String(data, o + 4, 4, StandardCharsets.ISO_8859_1);
    int header = 8;
    if (size == 1) {
      if (limit - o < 16) {
        throw new IllegalArgumentException("truncated largesize of box '" + type + "' at " + o);
      }
      size = u64(data, o + 8);
      header = 16;
    } else if (size == 0) {
      // "extends to the end of the file" (or of the enclosing box)
      size = limit - o;
    }
    if ("uuid".equals(type)) {
      header += 16;
    }
    if (size < header || size > limit - o) {
      throw new IllegalArgumentException(
          "box '"
              + type
              + "' at offset "
              + o
              + " claims "
              + size
              + " bytes, "
              + (limit - o)
              + " available (truncated or corrupt)");
    }
    return new Box(type, o, (int) size, header);
  }

  /** The first child of {@code parent} of that type, or null. */
  public static Box child(byte[] data, Box parent, String type) {
    for (Box b : children(data, parent)) {
      if (b.type().equals(type)) {
        return b;
      }
    }
    return null;
  }

  /** The one top-level {@code moov}; rejects a file with none or several. */
  public static Box moov(byte[] data) {
    Box moov = null;
    for (Box b : topLevel(data)) {
      if (b.type().equals("moov")) {
        if (moov != null) {
          throw new IllegalArgumentException("more than one moov box");
        }
        moov = b;
      }
    }
    if (moov == null) {
      throw new IllegalArgumentException("no moov box: not an MP4 init segment");
    }
    return moov;
  }

  /**
   * The {@code default_KID} of every {@code tenc} (one per encrypted track), found at
   * moov/trak/mdia/minf/stbl/stsd/encv|enca/sinf/schi/tenc. Empty when nothing is encrypted.
   */
  public static List<byte[]> tencDefaultKids(byte[] init) {
    List<byte[]> kids = new ArrayList<>();
    Box moov = moov(init);
    for (Box trak : children(init, moov)) {
      if (!trak.type().equals("trak")) {
        continue;
      }
      Box stsd = path(init, trak, "mdia", "minf", "stbl", "stsd");
      if (stsd == null) {
        continue;
      }
      for (Box entry : children(init, stsd)) {
        if (!PROTECTED_ENTRIES.contains(entry.type())) {
          continue;
        }
        Box tenc = path(init, entry, "sinf", "schi", "tenc");
        if (tenc == null) {
          continue;
        }
        // full box header (4), reserved (1), crypt/skip or reserved (1), isProtected (1),
        // per-sample IV size (1), then the 16-byte default_KID
        int kidAt = tenc.payloadOffset() + 8;
        if (kidAt + 16 > tenc.end()) {
          throw new IllegalArgumentException("tenc box too short");
        }
        byte[] kid = new byte[16];
        System.arraycopy(init, kidAt, kid, 0, 16);
        kids.add(kid);
      }
    }
    return kids;
  }

  private static Box path(byte[] data, Box from, String... types) {
    Box b = from;
    for (String t : types) {
      b = child(data, b, t);
      if (b == null) {
        return null;
      }
    }
    return b;
  }

  /**
   * Appends {@code box} as the last child of {@code moov}, first removing the children of moov that
   * {@code replace} selects (so repeating the call is idempotent), and fixes moov's size. Every
   * other byte is kept as it was. Rejects files where moov is followed by {@code mdat} or {@code
   * moof}: growing moov would move data that absolute chunk offsets point at.
   */
  public static byte[] replaceInMoov(byte[] file, byte[] box, Predicate<Box> replace) {
    Box single = topLevel(box).get(0);
    if (single.size() != box.length) {
      throw new IllegalArgumentException("the new box must be exactly one box");
    }
    Box moov = moov(file);
    for (Box b : topLevel(file)) {
      if (b.offset() > moov.offset() && (b.type().equals("mdat") || b.type().equals("moof"))) {
        throw new IllegalArgumentException(
            "moov is followed by " + b.type() + ": not a bare init segment, refusing to move data");
      }
    }
    ByteArrayOutputStream payload = new ByteArrayOutputStream(moov.size() + box.length);
    for (Box c : children(file, moov)) {
      if (!replace.test(c)) {
        payload.write(file, c.offset(), c.size());
      }
    }
    payload.write(box, 0, box.length);
    byte[] body = payload.toByteArray();

    long size32 = u32(file, moov.offset());
    byte[] header;
    if (size32 == 0) {
      // moov runs to the end of the file, which it still does after the append
      header = new byte[] {0, 0, 0, 0, 'm', 'o', 'o', 'v'};
    } else if (moov.headerSize() == 16) {
      header = new byte[16];
      putU32(header, 0, 1);
      header[4] = 'm';
      header[5] = 'o';
      header[6] = 'o';
      header[7] = 'v';
      putU64(header, 8, 16L + body.length);
    } else {
      long newSize = 8L + body.length;
      if (newSize > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("moov would exceed 4 GiB");
      }
      header = new byte[8];
      putU32(header, 0, newSize);
      header[4] = 'm';
      header[5] = 'o';
      header[6] = 'o';
      header[7] = 'v';
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + box.length);
    out.write(file, 0, moov.offset());
    out.write(header, 0, header.length);
    out.write(body, 0, body.length);
    out.write(file, moov.end(), file.length - moov.end());
    return out.toByteArray();
  }

  static long u32(byte[] b, int o) {
    return ((b[o] & 0xFFL) << 24)
        | ((b[o + 1] & 0xFFL) << 16)
        | ((b[o + 2] & 0xFFL) << 8)
        | (b[o + 3] & 0xFFL);
  }

  static long u64(byte[] b, int o) {
    long hi = u32(b, o);
    if (hi > 0x7FFF_FFFFL) {
      throw new IllegalArgumentException("box size beyond 2^63");
    }
    return (hi << 32) | u32(b, o + 4);
  }

  static void putU32(byte[] b, int o, long v) {
    b[o] = (byte) (v >>> 24);
    b[o + 1] = (byte) (v >>> 16);
    b[o + 2] = (byte) (v >>> 8);
    b[o + 3] = (byte) v;
  }

  static void putU64(byte[] b, int o, long v) {
    putU32(b, o, v >>> 32);
    putU32(b, o + 4, v);
  }
}

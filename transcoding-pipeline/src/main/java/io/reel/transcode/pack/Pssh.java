package io.reel.transcode.pack;

import io.reel.origin.keys.ContentKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A {@code pssh} box. The W3C "Common" system (version 1, key ids, no data) is the one ClearKey in
 * browsers reads from init segments, and hls.js needs it there to start EME at all.
 */
public record Pssh(UUID systemId, int version, List<String> kidsHex, byte[] data) {

  /**
   * W3C Common PSSH box format,
   * https://w3c.github.io/encrypted-media/format-registry/initdata/cenc.html
   */
  public static final UUID COMMON_SYSTEM_ID =
      UUID.fromString("1077efec-c0b2-4d02-ace3-3c1e52e2fb4b");

  private static final HexFormat HEX = HexFormat.of();

  public Pssh {
    if (version != 0 && version != 1) {
      throw new IllegalArgumentException("pssh version must be 0 or 1");
    }
    if (version == 0 && !kidsHex.isEmpty()) {
      throw new IllegalArgumentException("a version 0 pssh carries no key ids");
    }
    kidsHex = List.copyOf(kidsHex);
    data = data.clone();
  }

  /** The W3C common pssh (version 1) naming the given key ids. */
  public static Pssh common(List<ContentKey> keys) {
    List<String> kids = new ArrayList<>();
    for (ContentKey k : keys) {
      kids.add(k.kidHex());
    }
    return new Pssh(COMMON_SYSTEM_ID, 1, kids, new byte[0]);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The serialized box. */
  public byte[] toBox() {
    int size = 8 + 4 + 16 + (version == 1 ? 4 + 16 * kidsHex.size() : 0) + 4 + data.length;
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(size).put(new byte[] {'p', 's', 's', 'h'});
    b.putInt(version << 24); // version, flags 0
    b.putLong(systemId.getMostSignificantBits()).putLong(systemId.getLeastSignificantBits());
    if (version == 1) {
      b.putInt(kidsHex.size());
      for (String kid : kidsHex) {
        b.put(HEX.parseHex(kid));
      }
    }
    b.putInt(data.length).put(data);
    return b.array();
  }

  /** Parses the pssh box {@code box} of {@code file}. */
  public static Pssh parse(byte[] file, Mp4Boxes.Box box) {
    if (!box.type().equals("pssh")) {
      throw new IllegalArgumentException("not a pssh box: " + box.type());
    }
    ByteBuffer b = ByteBuffer.wrap(file, box.payloadOffset(), box.end() - box.payloadOffset());
    try {
      int version = (b.getInt() >>> 24) & 0xFF;
      UUID system = new UUID(b.getLong(), b.getLong());
      List<String> kids = new ArrayList<>();
      if (version == 1) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 16) {
          throw new IllegalArgumentException("pssh KID count " + n + " exceeds the box");
        }
        for (int i = 0; i < n; i++) {
          byte[] kid = new byte[16];
          b.get(kid);
          kids.add(HEX.formatHex(kid));
        }
      }
      int dataSize = b.getInt();
      if (dataSize < 0 || dataSize != b.remaining()) {
        throw new IllegalArgumentException("pssh data size does not match the box");
      }
      byte[] data = new byte[dataSize];
      b.get(data);
      return new Pssh(system, version, kids, data);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated pssh box", e);
    }
  }

  /** Every pssh directly in {@code moov} of an init segment. */
  public static List<Pssh> inMoov(byte[] init) {
    List<Pssh> out = new ArrayList<>();
    for (Mp4Boxes.Box b : Mp4Boxes.children(init, Mp4Boxes.moov(init))) {
      if (b.type().equals("pssh")) {
        out.add(parse(init, b));
      }
    }
    return out;
  }

  /**
   * The init segment with this pssh as the last child of moov, replacing any pssh of the same
   * system id (so the call is idempotent and a re-key leaves no stale pssh).
   */
  public byte[] insertInto(byte[] init) {
    return Mp4Boxes.replaceInMoov(
        init, toBox(), b -> b.type().equals("pssh") && parse(init, b).systemId().equals(systemId));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pssh p
        && p.systemId.equals(systemId)
        && p.version == version
        && p.kidsHex.equals(kidsHex)
        && Arrays.equals(p.data, data);
  }

  @Override
  public int hashCode() {
    return (systemId.hashCode() * 31 + version) * 31 + kidsHex.hashCode();
  }

  @Override
  public String toString() {
    return "Pssh[" + systemId + " v" + version + " kids=" + kidsHex + " data=" + data.length + "B]";
  }
}

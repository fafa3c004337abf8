package io.reel.transcode.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reel.origin.keys.ContentKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Mp4BoxesTest {

  private static final ContentKey KEY =
      ContentKey.ofHex("0123456789abcdef0123456789abcdef", "00112233445566778899aabbccddeeff");

  static byte[] box(String type, byte[]... children) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] c : children) {
      body.writeBytes(c);
    }
    return ByteBuffer.allocate(8 + body.size())
        .putInt(8 + body.size())
        .put(type.getBytes(StandardCharsets.ISO_8859_1))
        .put(body.toByteArray())
        .array();
  }

  static byte[] raw(int n) {
    return new byte[n];
  }

  static byte[] tenc(byte[] kid) {
    return box("tenc", raw(4), new byte[] {0, 0, 1, 8}, kid);
  }

  /** ftyp + moov(mvhd, trak(.. stsd(encv(sinf(schi(tenc)))))) + free, like an fMP4 init. */
  static byte[] init(byte[] kid) {
    byte[] encv =
        box(
            "encv",
            raw(78),
            box("avcC", raw(5)),
            box("sinf", box("frma", raw(4)), box("schi", tenc(kid))));
    byte[] stsd = box("stsd", raw(8), encv);
    byte[] trak = box("trak", box("tkhd", raw(84)), box("mdia", box("minf", box("stbl", stsd))));
    byte[] moov = box("moov", box("mvhd", raw(100)), trak, box("mvex", box("trex", raw(24))));
    return concat(box("ftyp", raw(12)), moov, box("free", raw(3)));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  @Test
  void readsTopLevelAndTencKid() {
    byte[] init = init(KEY.kid());
    List<Mp4Boxes.Box> top = Mp4Boxes.topLevel(init);
    assertEquals(List.of("ftyp", "moov", "free"), top.stream().map(Mp4Boxes.Box::type).toList());
    List<byte[]> kids = Mp4Boxes.tencDefaultKids(init);
    assertEquals(1, kids.size());
    assertArrayEquals(KEY.kid(), kids.get(0));
  }

  @Test
  void commonPsshLayout() {
    byte[] b = Pssh.common(List.of(KEY)).toBox();
    assertEquals(
        "00000034"
            + "70737368"
            + "01000000"
            + "1077efecc0b24d02ace33c1e52e2fb4b"
            + "00000001"
            + KEY.kidHex()
            + "00000000",
        HexFormat.of().formatHex(b));
  }

  @Test
  void insertsAsLastChildOfMoovAndFixesSize() {
    byte[] init = init(KEY.kid());
    Pssh pssh = Pssh.common(List.of(KEY));
    byte[] out = pssh.insertInto(init);
    int added = pssh.toBox().length;
    assertEquals(init.length + added, out.length);

    Mp4Boxes.Box moovBefore = Mp4Boxes.moov(init);
    Mp4Boxes.Box moov = Mp4Boxes.moov(out);
    assertEquals(moovBefore.size() + added, moov.size());
    List<Mp4Boxes.Box> kids = Mp4Boxes.children(out, moov);
    assertEquals(
        List.of("mvhd", "trak", "mvex", "pssh"), kids.stream().map(Mp4Boxes.Box::type).toList());
    assertEquals(List.of(pssh), Pssh.inMoov(out));
    // everything but moov's size field and the appended box is byte-identical
    assertArrayEquals(
        Arrays.copyOfRange(init, 0, moov.offset()), Arrays.copyOfRange(out, 0, moov.offset()));
    assertArrayEquals(
        Arrays.copyOfRange(init, moovBefore.offset() + 4, moovBefore.end()),
        Arrays.copyOfRange(out, moov.offset() + 4, moov.end() - added));
    assertArrayEquals(
        Arrays.copyOfRange(init, moovBefore.end(), init.length),
        Arrays.copyOfRange(out, moov.end(), out.length));
    assertArrayEquals(KEY.kid(), Mp4Boxes.tencDefaultKids(out).get(0));
  }

  @Test
  void idempotentAndReplacesSameSystemOnly() {
    byte[] init = init(KEY.kid());
    Pssh pssh = Pssh.common(List.of(KEY));
    byte[] once = pssh.insertInto(init);
    assertArrayEquals(once, pssh.insertInto(once));

    ContentKey other = ContentKey.random();
    byte[] rekeyed = Pssh.common(List.of(other)).insertInto(once);
    assertEquals(List.of(Pssh.common(List.of(other))), Pssh.inMoov(rekeyed));

    Pssh foreign =
        new Pssh(
            java.util.UUID.fromString("edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"),
            0,
            List.of(),
            new byte[] {1, 2});
    byte[] both = pssh.insertInto(foreign.insertInto(init));
    assertEquals(List.of(foreign, pssh), Pssh.inMoov(both));
  }

  @Test
  void handlesLargesizeMoov() {
    byte[] init = init(KEY.kid());
    Mp4Boxes.Box moov = Mp4Boxes.moov(init);
    // rewrite moov with a 64-bit largesize header
    ByteBuffer large = ByteBuffer.allocate(moov.size() + 8);
    large.putInt(1).put("moov".getBytes(StandardCharsets.ISO_8859_1)).putLong(moov.size() + 8L);
    large.put(init, moov.payloadOffset(), moov.size() - 8);
    byte[] file =
        concat(
            Arrays.copyOfRange(init, 0, moov.offset()),
            large.array(),
            Arrays.copyOfRange(init, moov.end(), init.length));
    byte[] out = Pssh.common(List.of(KEY)).insertInto(file);
    Mp4Boxes.Box m = Mp4Boxes.moov(out);
    assertEquals(16, m.headerSize());
    assertEquals(moov.size() + 8 + 52, m.size());
    assertEquals(1, Pssh.inMoov(out).size());
    assertEquals("free", Mp4Boxes.topLevel(out).get(2).type());
  }

  @Test
  void rejectsTruncatedAndNonInit() {
    byte[] init = init(KEY.kid());
    byte[] cut = Arrays.copyOf(init, init.length - 10);
    assertThrows(IllegalArgumentException.class, () -> Mp4Boxes.topLevel(cut));
    byte[] cutMoov = Arrays.copyOf(init, 40);
    assertThrows(
        IllegalArgumentException.class, () -> Pssh.common(List.of(KEY)).insertInto(cutMoov));
    // a child claiming more than its parent holds
    byte[] lying = init.clone();
    int mvhd = Mp4Boxes.children(init, Mp4Boxes.moov(init)).get(0).offset();
    Mp4Boxes.putU32(lying, mvhd, 100_000);
    assertThrows(IllegalArgumentException.class, () -> Mp4Boxes.tencDefaultKids(lying));
    assertThrows(IllegalArgumentException.class, () -> Mp4Boxes.moov(box("ftyp", raw(12))));
    byte[] progressive = concat(init, box("mdat", raw(10)));
    assertThrows(
        IllegalArgumentException.class, () -> Pssh.common(List.of(KEY)).insertInto(progressive));
  }
}

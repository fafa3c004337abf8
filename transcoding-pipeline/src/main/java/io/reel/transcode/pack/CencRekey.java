package io.reel.transcode.pack;

import io.reel.origin.keys.ContentKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Re-keys CENC ({@code cenc}, AES-CTR) fragmented MP4 in place, so one ffmpeg pass can encrypt
 * every rendition with one key and each rendition still ends up under its own tier's key: in CTR
 * mode a protected byte is the clear byte XOR the keystream of (key, IV, position), so decrypting
 * with the old key and encrypting with the new one under the same IVs touches only the protected
 * bytes. No box changes size: an init segment gets its {@code tenc} default_KID replaced, a media
 * segment its sample bytes, found through {@code moof/traf} ({@code tfhd}, {@code trun}, {@code
 * senc}).
 *
 * <p>Fails rather than guesses on anything it does not understand (another scheme than {@code
 * cenc}, no {@code senc}, sample counts or ranges that do not add up), so a package is never
 * published half re-keyed.
 */
public final class CencRekey {

  private CencRekey() {}

  /** What a media segment needs from its init segment: the per-sample IV size. */
  public record TrackEncryption(byte[] kid, int perSampleIvSize) {
    public TrackEncryption {
      kid = kid.clone();
    }

    @Override
    public byte[] kid() {
      return kid.clone();
    }
  }

  /**
   * The one encrypted track of a CMAF init segment ({@code tenc}, under a {@code cenc} scheme).
   *
   * @throws IllegalArgumentException when there is none, several, another scheme, or constant IVs
   */
  public static TrackEncryption track(byte[] init) {
    List<Mp4Boxes.Box> tencs = tencBoxes(init);
    if (tencs.size() != 1) {
      throw new IllegalArgumentException(
          "expected one encrypted track in the init segment, found " + tencs.size());
    }
    Mp4Boxes.Box tenc = tencs.get(0);
    int o = tenc.payloadOffset();
    if (o + 24 > tenc.end()) {
      throw new IllegalArgumentException("tenc box too short");
    }
    // full box header (4), reserved (1), crypt/skip byte block or reserved (1), isProtected (1),
    // per-sample IV size (1), default_KID (16)
    int ivSize = init[o + 7] & 0xFF;
    if (ivSize != 8 && ivSize != 16) {
      throw new IllegalArgumentException(
          "per-sample IV size " + ivSize + " (constant IVs are not cenc)");
    }
    return new TrackEncryption(Arrays.copyOfRange(init, o + 8, o + 24), ivSize);
  }

  /**
   * The init segment with its {@code tenc} default_KID changed from {@code from}'s to {@code to}'s.
   *
   * @throws IllegalStateException when it is not encrypted with {@code from}'s key id
   */
  public static byte[] rekeyInit(byte[] init, ContentKey from, ContentKey to) {
    byte[] out = init.clone();
    List<Mp4Boxes.Box> tencs = tencBoxes(out);
    if (tencs.isEmpty()) {
      throw new IllegalStateException("the init segment is not encrypted (no tenc)");
    }
    for (Mp4Boxes.Box tenc : tencs) {
      int kidAt = tenc.payloadOffset() + 8;
      if (kidAt + 16 > tenc.end()) {
        throw new IllegalArgumentException("tenc box too short");
      }
      if (!Arrays.equals(Arrays.copyOfRange(out, kidAt, kidAt + 16), from.kid())) {
        throw new IllegalStateException(
            "the init segment is encrypted with another key id than " + from.kidUuid());
      }
      System.arraycopy(to.kid(), 0, out, kidAt, 16);
    }
    return out;
  }

  /** A media segment's protected bytes re-encrypted from {@code from}'s key to {@code to}'s. */
  public static byte[] rekeySegment(byte[] segment, int ivSize, ContentKey from, ContentKey to) {
    byte[] out = segment.clone();
    transform(out, ivSize, List.of(cipher(from), cipher(to)));
    return out;
  }

  /**
   * A media segment with its protected bytes decrypted with {@code key}: the clear samples when it
   * is the right key, noise otherwise. For tests and tools.
   */
  public static byte[] decryptSegment(byte[] segment, int ivSize, ContentKey key) {
    byte[] out = segment.clone();
    transform(out, ivSize, List.of(cipher(key)));
    return out;
  }

  /** One sample's bytes, for checking what a decryption gave. */
  public record Sample(int offset, int size) {}

  /** Every sample of every fragment of a media segment, in order. */
  public static List<Sample> samples(byte[] segment) {
    List<Sample> out = new ArrayList<>();
    for (Mp4Boxes.Box moof : Mp4Boxes.topLevel(segment)) {
      if (moof.type().equals("moof")) {
        for (Mp4Boxes.Box traf : Mp4Boxes.children(segment, moof)) {
          if (traf.type().equals("traf")) {
            out.addAll(trafSamples(segment, moof, traf));
          }
        }
      }
    }
    return out;
  }

  private static void transform(byte[] data, int ivSize, List<SecretKeySpec> keys) {
    if (ivSize != 8 && ivSize != 16) {
      throw new IllegalArgumentException("per-sample IV size must be 8 or 16");
    }
    boolean any = false;
    for (Mp4Boxes.Box moof : Mp4Boxes.topLevel(data)) {
      if (!moof.type().equals("moof")) {
        continue;
      }
      for (Mp4Boxes.Box traf : Mp4Boxes.children(data, moof)) {
        if (!traf.type().equals("traf")) {
          continue;
        }
        List<Sample> samples = trafSamples(data, moof, traf);
        Mp4Boxes.Box senc = Mp4Boxes.child(data, traf, "senc");
        if (senc == null) {
          if (samples.isEmpty()) {
            continue;
          }
          throw new IllegalArgumentException("a fragment with samples has no senc box");
        }
        transformTraf(data, senc, samples, ivSize, keys);
        any = true;
      }
    }
    if (!any) {
      throw new IllegalArgumentException("no encrypted fragment (moof/traf/senc) in the segment");
    }
  }

  private static void transformTraf(
      byte[] data, Mp4Boxes.Box senc, List<Sample> samples, int ivSize, List<SecretKeySpec> keys) {
    int p = senc.payloadOffset();
    int flags = (int) (Mp4Boxes.u32(data, p) & 0xFFFFFF);
    long count = Mp4Boxes.u32(data, p + 4);
    p += 8;
    if (count != samples.size()) {
      throw new IllegalArgumentException(
          "senc lists " + count + " samples, trun " + samples.size());
    }
    boolean subsamples = (flags & 0x2) != 0;
    byte[] iv = new byte[16];
    for (Sample s : samples) {
      need(p + ivSize, senc.end(), "senc");
      Arrays.fill(iv, (byte) 0);
      System.arraycopy(data, p, iv, 0, ivSize);
      p += ivSize;
      List<Cipher> ciphers = new ArrayList<>();
      for (SecretKeySpec k : keys) {
        ciphers.add(ctr(k, iv));
      }
      if (!subsamples) {
        apply(ciphers, data, s.offset(), s.size());
        continue;
      }
      need(p + 2, senc.end(), "senc");
      int n = ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
      p += 2;
      long at = s.offset();
      long end = (long) s.offset() + s.size();
      for (int i = 0; i < n; i++) {
        need(p + 6, senc.end(), "senc");
        int clear = ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
        long prot = Mp4Boxes.u32(data, p + 2);
        p += 6;
        at += clear;
        if (at + prot > end) {
          throw new IllegalArgumentException("subsamples run past their sample");
        }
        apply(ciphers, data, (int) at, (int) prot);
        at += prot;
      }
    }
  }

  /** The samples a traf's truns describe, as offsets into the file. */
  private static List<Sample> trafSamples(byte[] data, Mp4Boxes.Box moof, Mp4Boxes.Box traf) {
    Mp4Boxes.Box tfhd = Mp4Boxes.child(data, traf, "tfhd");
    if (tfhd == null) {
      throw new IllegalArgumentException("traf without tfhd");
    }
    int p = tfhd.payloadOffset();
    need(p + 8, tfhd.end(), "tfhd");
    int flags = (int) (Mp4Boxes.u32(data, p) & 0xFFFFFF);
    p += 8; // version/flags, track_ID
    long base = moof.offset();
    if ((flags & 0x01) != 0) {
      need(p + 8, tfhd.end(), "tfhd");
      base = Mp4Boxes.u64(data, p);
      p += 8;
    }
    if ((flags & 0x02) != 0) {
      p += 4;
    }
    if ((flags & 0x08) != 0) {
      p += 4;
    }
    long defaultSize = -1;
    if ((flags & 0x10) != 0) {
      need(p + 4, tfhd.end(), "tfhd");
      defaultSize = Mp4Boxes.u32(data, p);
    }
    List<Sample> out = new ArrayList<>();
    long next = base;
    for (Mp4Boxes.Box trun : Mp4Boxes.children(data, traf)) {
      if (!trun.type().equals("trun")) {
        continue;
      }
      int q = trun.payloadOffset();
      need(q + 8, trun.end(), "trun");
      int tf = (int) (Mp4Boxes.u32(data, q) & 0xFFFFFF);
      long count = Mp4Boxes.u32(data, q + 4);
      q += 8;
      long at = next;
      if ((tf & 0x01) != 0) {
        need(q + 4, trun.end(), "trun");
        at = base + (int) Mp4Boxes.u32(data, q); // signed
        q += 4;
      }
      if ((tf & 0x04) != 0) {
        q += 4;
      }
      int perSample =
          ((tf & 0x100) != 0 ? 4 : 0)
              + ((tf & 0x200) != 0 ? 4 : 0)
              + ((tf & 0x400) != 0 ? 4 : 0)
              + ((tf & 0x800) != 0 ? 4 : 0);
      if (count > data.length || (perSample > 0 && count > (trun.end() - q) / perSample)) {
        throw new IllegalArgumentException("trun sample count exceeds the box");
      }
      for (long i = 0; i < count; i++) {
        int r = q + (int) i * perSample + ((tf & 0x100) != 0 ? 4 : 0);
        long size = (tf & 0x200) != 0 ? Mp4Boxes.u32(data, r) : defaultSize;
        if (size < 0) {
          throw new IllegalArgumentException("no sample size in trun or tfhd");
        }
        if (at < 0 || at + size > data.length) {
          throw new IllegalArgumentException("a sample lies outside the segment");
        }
        out.add(new Sample((int) at, (int) size));
        at += size;
      }
      next = at;
    }
    return out;
  }

  private static void apply(List<Cipher> ciphers, byte[] data, int offset, int length) {
    if (length == 0) {
      return;
    }
    try {
      for (Cipher c : ciphers) {
        // CTR keeps its keystream position across update() calls: subsamples of one sample
        // continue the same stream, as CENC requires.
        int n = c.update(data, offset, length, data, offset);
        if (n != length) {
          throw new IllegalStateException("AES-CTR returned " + n + " of " + length + " bytes");
        }
      }
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SecretKeySpec cipher(ContentKey key) {
    return new SecretKeySpec(key.key(), "AES");
  }

  private static Cipher ctr(SecretKeySpec key, byte[] iv) {
    try {
      Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void need(long upTo, int limit, String box) {
    if (upTo > limit) {
      throw new IllegalArgumentException(box + " box too short");
    }
  }

  /** Every tenc of the init segment, refusing any protection scheme but cenc. */
  private static List<Mp4Boxes.Box> tencBoxes(byte[] init) {
    List<Mp4Boxes.Box> out = new ArrayList<>();
    Mp4Boxes.Box moov = Mp4Boxes.moov(init);
    for (Mp4Boxes.Box trak : Mp4Boxes.children(init, moov)) {
      if (!trak.type().equals("trak")) {
        continue;
      }
      Mp4Boxes.Box stsd = path(init, trak, "mdia", "minf", "stbl", "stsd");
      if (stsd == null) {
        continue;
      }
      for (Mp4Boxes.Box entry : Mp4Boxes.children(init, stsd)) {
        if (!entry.type().equals("encv") && !entry.type().equals("enca")) {
          continue;
        }
        Mp4Boxes.Box schm = path(init, entry, "sinf", "schm");
        if (schm == null || schm.payloadOffset() + 8 > schm.end()) {
          throw new IllegalArgumentException("protected sample entry without a scheme (schm)");
        }
        String scheme = new String(init, schm.payloadOffset() + 4, 4, StandardCharsets.ISO_8859_1);
        if (!scheme.equals("cenc")) {
          throw new IllegalArgumentException("protection scheme " + scheme + ", not cenc");
        }
        Mp4Boxes.Box tenc = path(init, entry, "sinf", "schi", "tenc");
        if (tenc != null) {
          out.add(tenc);
        }
      }
    }
    return out;
  }

  private static Mp4Boxes.Box path(byte[] data, Mp4Boxes.Box from, String... types) {
    Mp4Boxes.Box b = from;
    for (String t : types) {
      b = Mp4Boxes.child(data, b, t);
      if (b == null) {
        return null;
      }
    }
    return b;
  }
}

package io.reel.origin.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ContentKeyTest {

  private final ContentKey key =
      ContentKey.ofHex("0123456789abcdef0123456789abcdef", "00112233445566778899aabbccddeeff");

  @Test
  void formats() {
    assertEquals("0123456789abcdef0123456789abcdef", key.kidHex());
    assertEquals("00112233445566778899aabbccddeeff", key.keyHex());
    assertEquals("01234567-89ab-cdef-0123-456789abcdef", key.kidUuid());
    assertEquals("ASNFZ4mrze8BI0VniavN7w", key.kidBase64Url());
    assertEquals("ABEiM0RVZneImaq7zN3u_w", key.keyBase64Url());
    assertEquals(key, ContentKey.ofHex(key.kidUuid(), key.keyHex()));
  }

  @Test
  void toStringHidesTheKey() {
    String s = key.toString();
    assertFalse(s.contains(key.keyHex()), s);
    assertFalse(s.contains(key.keyBase64Url()), s);
  }

  @Test
  void immutableAndValidated() {
    byte[] kid = key.kid();
    kid[0] = 9;
    assertArrayEquals(ContentKey.ofHex(key.kidHex(), key.keyHex()).kid(), key.kid());
    assertThrows(IllegalArgumentException.class, () -> new ContentKey(new byte[15], new byte[16]));
    assertThrows(
        IllegalArgumentException.class,
        () -> ContentKey.ofHex("zz" + "0".repeat(30), key.keyHex()));
    assertNotEquals(ContentKey.random(), ContentKey.random());
  }
}

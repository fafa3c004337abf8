package io.reel.edge.http;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class EdgeByteRangeTest {

  static ByteRange ok(String h, long size) {
    return assertInstanceOf(ByteRange.Satisfiable.class, ByteRange.parse(h, size)).range();
  }

  @Test
  void singleRanges() {
    assertEquals(new ByteRange(0, 99, 1000), ok("bytes=0-99", 1000));
    assertEquals(new ByteRange(500, 999, 1000), ok("bytes=500-", 1000));
    assertEquals(new ByteRange(900, 999, 1000), ok("bytes=-100", 1000));
    assertEquals(new ByteRange(0, 999, 1000), ok("bytes=-5000", 1000));
    assertEquals(new ByteRange(990, 999, 1000), ok("bytes=990-5000", 1000));
    assertEquals("bytes 0-99/1000", ok("bytes=0-99", 1000).contentRange());
    assertEquals(100, ok("bytes=0-99", 1000).length());
  }

  @Test
  void pastTheEndIsUnsatisfiable() {
    assertInstanceOf(ByteRange.Unsatisfiable.class, ByteRange.parse("bytes=1000-", 1000));
    assertInstanceOf(ByteRange.Unsatisfiable.class, ByteRange.parse("bytes=2000-3000", 1000));
    assertInstanceOf(ByteRange.Unsatisfiable.class, ByteRange.parse("bytes=-0", 1000));
  }

  @Test
  void malformedOrMultipleRangesAreIgnored() {
    for (String h :
        new String[] {
          "bytes=0-1,5-6", "items=0-1", "bytes=", "bytes=-", "bytes=5-1", "bytes=a-b", "0-1"
        }) {
      assertInstanceOf(ByteRange.Ignore.class, ByteRange.parse(h, 1000), h);
    }
  }
}

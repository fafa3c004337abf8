package io.reel.edge;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The segment check alone, as when a node runs without the Raw-Request-URI header. */
class EdgeObjectKeyTest {

  static String key(String... afterToken) {
    var segs = new java.util.ArrayList<>(List.of("edge", "tok.en"));
    segs.addAll(List.of(afterToken));
    return EdgeRoutes.objectKey(segs);
  }

  @Test
  void decodedSegmentsThatCouldClimbOrHideASeparatorAreRefused() {
    assertEquals("packages/42/v1/seg-1.m4s", key("packages", "42", "v1", "seg-1.m4s"));
    assertNull(key("packages", "..", "secret"));
    assertNull(key("packages", ".", "x.m4s"));
    assertNull(key("packages", "", "x.m4s"));
    assertNull(key("packages", "a/b", "x.m4s")); // a decoded %2f
    assertNull(key("packages", "..\\..\\x"));
    assertNull(key("packages", "x.m4s\0.jpg"));
    assertNull(key("packages", "%2e%2e", "x")); // double-encoded, decoded once
    assertNull(key());
  }
}

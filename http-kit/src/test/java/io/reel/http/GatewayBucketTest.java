package io.reel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GatewayBucketTest {

  @Test
  void aBurstIsAllowedThenTheRateAndClientsAreIndependent() {
    AtomicLong now = new AtomicLong();
    Gateway g =
        new Gateway(
            new Gateway.Settings(
                2,
                3,
                1000,
                List.of("*"),
                Duration.ofMinutes(1),
                List.of(),
                ClientAddress.Header.X_FORWARDED_FOR,
                Duration.ofSeconds(20),
                65536,
                Duration.ofSeconds(30)),
            now::get);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, g.take("a"));
    }
    long wait = g.take("a");
    assertTrue(wait > 0 && wait <= 500_000_000L, "one token per 0.5 s: " + wait);
    assertEquals(0, g.take("b"), "another client has its own bucket");
    now.addAndGet(500_000_000L);
    assertEquals(0, g.take("a"));
    assertTrue(g.take("a") > 0);
    now.addAndGet(10_000_000_000L);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, g.take("a"), "refilled up to the burst, no more");
    }
    assertTrue(g.take("a") > 0);
  }
}

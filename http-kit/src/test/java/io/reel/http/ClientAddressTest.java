package io.reel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who a request is from, as an attacker forging forwarded headers would like it to be. */
class ClientAddressTest {

  private static Optional<InetAddress> ip(String s) {
    return ClientAddress.literal(s);
  }

  private static final ClientAddress NO_PROXY = ClientAddress.peerOnly();
  private static final ClientAddress BEHIND_LB =
      new ClientAddress(List.of("10.0.0.0/8", "192.168.1.7"), ClientAddress.Header.X_FORWARDED_FOR);

  @Test
  void aForwardedHeaderFromAnUntrustedPeerIsIgnored() {
    assertEquals(
        "203.0.113.9", NO_PROXY.resolve(ip("203.0.113.9"), List.of("1.2.3.4", "5.6.7.8, 9.9.9.9")));
    // Even a peer inside a private range is only trusted when configured.
    assertEquals("10.1.2.3", NO_PROXY.resolve(ip("10.1.2.3"), List.of("1.2.3.4")));
    // Behind a configured load balancer, a client that talks to the node directly is itself.
    assertEquals("203.0.113.9", BEHIND_LB.resolve(ip("203.0.113.9"), List.of("1.2.3.4")));
  }

  @Test
  void fromATrustedProxyTheRightMostUntrustedHopIsTheClient() {
    // The client forged "1.1.1.1"; the proxy appended the address it really saw.
    assertEquals("203.0.113.7", BEHIND_LB.resolve(ip("10.0.0.1"), List.of("1.1.1.1, 203.0.113.7")));
    // Two trusted proxies in a row are skipped; the forgery left of the client is not read.
    assertEquals(
        "203.0.113.7",
        BEHIND_LB.resolve(ip("10.0.0.1"), List.of("6.6.6.6, 203.0.113.7", "192.168.1.7")));
    // A forged trusted-looking hop to the left of the real client does not help either.
    assertEquals(
        "203.0.113.7", BEHIND_LB.resolve(ip("10.0.0.1"), List.of("10.9.9.9, 203.0.113.7")));
    // Every hop trusted: the left-most one is as far as anyone can tell.
    assertEquals("10.0.0.5", BEHIND_LB.resolve(ip("10.0.0.1"), List.of("10.0.0.5, 10.0.0.2")));
    // No header from the proxy: the proxy itself.
    assertEquals("10.0.0.1", BEHIND_LB.resolve(ip("10.0.0.1"), List.of()));
  }

  @Test
  void junkAndNamesAreNeverResolvedAndNeverBecomeAnIdentity() {
    for (String junk :
        List.of("unknown", "evil.example", "<script>", "", "999.1.1.1", "1.2.3", ".::1", "::g")) {
      assertEquals(
          "10.0.0.1", BEHIND_LB.resolve(ip("10.0.0.1"), List.of(junk)), "junk: '" + junk + "'");
      assertTrue(ClientAddress.literal(junk).isEmpty(), junk);
    }
    assertEquals("unknown", NO_PROXY.resolve(Optional.empty(), List.of("1.2.3.4")));
  }

  @Test
  void ipv6ClientsAreKeyedByTheirSlash64() {
    assertEquals(
        "2001:db8:1:2:0:0:0:0/64",
        NO_PROXY.resolve(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), List.of()));
    assertEquals(
        NO_PROXY.resolve(ip("2001:db8:1:2::1"), List.of()),
        NO_PROXY.resolve(ip("2001:db8:1:2::ffff"), List.of()));
    // IPv4-mapped IPv6 is the IPv4 address.
    assertEquals("198.51.100.1", NO_PROXY.resolve(ip("::ffff:198.51.100.1"), List.of()));
  }

  @Test
  void theForwardedHeaderIsReadOnlyWhenTheProxiesUseIt() {
    ClientAddress rfc7239 =
        new ClientAddress(List.of("10.0.0.0/8"), ClientAddress.Header.FORWARDED);
    assertEquals(
        "2001:db8:cafe:0:0:0:0:0/64",
        rfc7239.resolve(
            ip("10.0.0.1"),
            List.of("for=1.1.1.1;proto=https, for=\"[2001:db8:cafe::17]:4711\";by=10.0.0.1")));
    assertEquals(
        "198.51.100.4", rfc7239.resolve(ip("10.0.0.1"), List.of("For=\"198.51.100.4:1234\"")));
    assertEquals("10.0.0.1", rfc7239.resolve(ip("10.0.0.1"), List.of("for=_hidden")));
    // An X-Forwarded-For parser given a Forwarded value finds no address in it.
    assertEquals("10.0.0.1", BEHIND_LB.resolve(ip("10.0.0.1"), List.of("for=1.1.1.1")));
  }

  @Test
  void aBadTrustedProxyEntryFailsTheStartWithItsName() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ClientAddress(List.of("10.0.0.0/33"), ClientAddress.Header.FORWARDED));
    assertTrue(e.getMessage().contains("10.0.0.0/33"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ClientAddress(List.of("proxy.internal"), ClientAddress.Header.FORWARDED));
    assertThrows(IllegalArgumentException.class, () -> ClientAddress.Header.parse("X-Real-Ip"));
  }

  @Test
  void cidrsMatchOnTheirPrefixOnly() {
    var c = ClientAddress.Cidr.parse("172.16.0.0/12");
    assertTrue(c.contains(ip("172.31.255.255").get()));
    assertTrue(!c.contains(ip("172.32.0.0").get()));
    assertTrue(!c.contains(ip("2001:db8::1").get()));
    assertTrue(ClientAddress.Cidr.parse("0.0.0.0/0").contains(ip("8.8.8.8").get()));
    assertTrue(ClientAddress.Cidr.parse("fd00::/8").contains(ip("fd12::1").get()));
  }
}

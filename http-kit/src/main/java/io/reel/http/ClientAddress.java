package io.reel.http;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.mapRequest;
import static org.apache.pekko.http.javadsl.server.Directives.optionalAttribute;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Who a request comes from, as rate limits and the sign-in throttle must see it: the TCP peer
 * address ({@code pekko.http.server.remote-address-attribute = on}), and a forwarded header only
 * when that peer is one of the configured trusted proxies. Then the header's hops are walked from
 * right to left, and the first one that is not a trusted proxy is the client: everything to its
 * left was written by the client and proves nothing. Unlike pekko-http's {@code extractClientIP}, a
 * client-supplied {@code X-Forwarded-For} never picks its own identity.
 *
 * <p>Only the one header the proxies maintain is read ({@code X-Forwarded-For} or RFC 7239 {@code
 * Forwarded}): a proxy that appends to one passes the other through from the client untouched.
 * Header values are parsed as IP literals only, never resolved (no DNS on the request path).
 *
 * <p>The key of an IPv6 client is its /64 network: one subscriber usually holds a whole /64, so
 * single addresses would hand an attacker 2^64 fresh identities.
 */
public final class ClientAddress {

  /** The resolved client key, set on each request by the gateway for the routes behind it. */
  public static final AttributeKey<String> ATTRIBUTE =
      AttributeKey.create("reel-client-address", String.class);

  /** When the peer address is not known (the remote-address attribute is off). */
  public static final String UNKNOWN = "unknown";

  /** Which forwarded header the trusted proxies maintain. */
  public enum Header {
    X_FORWARDED_FOR("X-Forwarded-For"),
    FORWARDED("Forwarded");

    private final String name;

    Header(String name) {
      this.name = name;
    }

    public static Header parse(String name) {
      for (Header h : values()) {
        if (h.name.equalsIgnoreCase(name.strip())) {
          return h;
        }
      }
      throw new IllegalArgumentException(
          "forwarded header must be X-Forwarded-For or Forwarded, not '" + name + "'");
    }
  }

  private static final ClientAddress PEER_ONLY =
      new ClientAddress(List.of(), Header.X_FORWARDED_FOR);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
  private static final Pattern PORT = Pattern.compile(":\\d{1,5}$");

  private final List<Cidr> trusted;
  private final Header header;

  /**
   * @param trustedProxies CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}) or single addresses of the
   *     proxies in front of the gateway; empty = nobody's forwarded header counts
   * @throws IllegalArgumentException naming an entry that is not an IP literal or CIDR
   */
  public ClientAddress(List<String> trustedProxies, Header header) {
    List<Cidr> cidrs = new ArrayList<>();
    for (String s : trustedProxies) {
      cidrs.add(Cidr.parse(s));
    }
    this.trusted = List.copyOf(cidrs);
    this.header = header;
  }

  /** Trusts no proxy: the TCP peer is the client. */
  public static ClientAddress peerOnly() {
    return PEER_ONLY;
  }

  /**
   * Resolves the client and hands it to {@code inner}, with the request carrying it as {@link
   * #ATTRIBUTE} for routes further in.
   */
  public Route resolved(Function<String, Route> inner) {
    return extractRequest(
        request -> {
          String client = resolve(request);
          return mapRequest(r -> r.addAttribute(ATTRIBUTE, client), () -> inner.apply(client));
        });
  }

  /**
   * For routes: the client the gateway resolved; without a gateway in front (route tests), the TCP
   * peer. Never a header the client wrote.
   */
  public static Route extract(Function<String, Route> inner) {
    return optionalAttribute(
        ATTRIBUTE,
        given ->
            given.isPresent()
                ? inner.apply(given.get())
                : extractRequest(r -> inner.apply(PEER_ONLY.resolve(r))));
  }

  public String resolve(HttpRequest request) {
    Optional<InetAddress> peer =
        request.getAttribute(AttributeKeys.remoteAddress).flatMap(RemoteAddress::getAddress);
    List<String> values = new ArrayList<>();
    for (HttpHeader h : request.getHeaders()) {
      if (h.is(header.name.toLowerCase(Locale.ROOT))) {
        values.add(h.value());
      }
    }
    return resolve(peer, values);
  }

  /**
   * @param peer the TCP peer
   * @param headerValues every value of the configured forwarded header, in arrival order
   */
  public String resolve(Optional<InetAddress> peer, List<String> headerValues) {
    if (peer.isEmpty()) {
      return UNKNOWN;
    }
    InetAddress client = peer.get();
    if (!trusts(client)) {
      return key(client);
    }
    List<String> hops = new ArrayList<>();
    for (String v : headerValues) {
      for (String element : v.split(",")) {
        hops.add(element);
      }
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop =
          header == Header.FORWARDED ? forwardedFor(hops.get(i)) : literal(hops.get(i).strip());
      if (hop.isEmpty()) {
        // Garbage or "unknown" right of every untrusted hop: the last proxy we trust is all we
        // know.
        return key(client);
      }
      client = hop.get();
      if (!trusts(client)) {
        return key(client);
      }
    }
    return key(client);
  }

  boolean trusts(InetAddress a) {
    for (Cidr c : trusted) {
      if (c.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /** The identity of an address: itself for IPv4, its /64 network for IPv6. */
  static String key(InetAddress a) {
    if (a instanceof Inet6Address) {
      byte[] b = a.getAddress();
      for (int i = 8; i < 16; i++) {
        b[i] = 0;
      }
      try {
        return InetAddress.getByAddress(b).getHostAddress() + "/64";
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    return a.getHostAddress();
  }

  /** The {@code for=} address of one {@code Forwarded} element, if it is an IP literal. */
  static Optional<InetAddress> forwardedFor(String element) {
    for (String pair : element.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase("for")) {
        String v = pair.substring(eq + 1).strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        if (v.startsWith("[")) {
          int close = v.indexOf(']');
          return close < 0 ? Optional.empty() : literal(v.substring(1, close));
        }
        return literal(PORT.matcher(v).replaceFirst(""));
      }
    }
    return Optional.empty();
  }

  /** An IPv4 or IPv6 literal; anything else (names, "unknown", junk) is empty, never looked up. */
  static Optional<InetAddress> literal(String s) {
    try {
      if (IPV4.matcher(s).matches()) {
        String[] parts = s.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
          int v = Integer.parseInt(parts[i]);
          if (v > 255) {
            return Optional.empty();
          }
          b[i] = (byte) v;
        }
        return Optional.of(InetAddress.getByAddress(b));
      }
      if (s.length() <= 45 && s.indexOf(':') >= 0 && IPV6.matcher(s).matches()) {
        // A string with ':' that starts with a hex digit or ':' is parsed as a literal, not
        // resolved.
        return Optional.of(InetAddress.getByName(s));
      }
    } catch (UnknownHostException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** An address block; a single address is a block of one. */
  record Cidr(byte[] network, int prefix) {

    static Cidr parse(String text) {
      String s = text.strip();
      int slash = s.indexOf('/');
      Optional<InetAddress> a = literal(slash < 0 ? s : s.substring(0, slash));
      if (a.isEmpty()) {
        throw new IllegalArgumentException(
            "trusted proxy '" + text + "' is not an IP address or CIDR (e.g. 10.0.0.0/8)");
      }
      byte[] bytes = a.get().getAddress();
      int prefix = bytes.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
          throw new IllegalArgumentException(
              "trusted proxy '" + text + "' has a bad prefix length");
        }
      }
      return new Cidr(bytes, prefix);
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (b[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (b[full] & mask) == (network[full] & mask);
    }
  }
}

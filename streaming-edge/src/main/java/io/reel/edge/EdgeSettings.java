package io.reel.edge;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueType;
import io.reel.origin.keys.MasterKey;
import io.reel.origin.token.EdgeTokens;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code reel.edge} from reference.conf, read once. */
public record EdgeSettings(
    String region,
    String publicUrl,
    Map<String, byte[]> tokenKeys,
    String tokenSigningKey,
    Duration tokenTtl,
    Path cacheDir,
    long diskBytes,
    long memoryBytes,
    long memoryObjectMaxBytes,
    Duration evictionGrace,
    int streamChunkBytes,
    Duration manifestMaxAge,
    List<String> corsAllowedOrigins,
    Listener listener) {

  /**
   * The edge's own HTTP listener ({@code reel.edge.listener}): its port and the limits that keep
   * slow or idle clients from holding it.
   *
   * @param maxConnections connections served at once; more wait in the accept backlog
   * @param idleTimeout a connection with no bytes moving either way for this long is closed
   *     (slowloris: half-sent requests, kept-alive connections nobody uses)
   * @param requestTimeout the longest wait for a response to start (a slow origin read)
   * @param sendIdleTimeout a response whose next chunk the client does not take for this long is
   *     cut off (slow readers of segments)
   */
  public record Listener(
      String host,
      int port,
      int maxConnections,
      Duration idleTimeout,
      Duration requestTimeout,
      Duration sendIdleTimeout) {

    public Listener {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("reel.edge.listener.max-connections must be positive");
      }
    }

    static Listener fromConfig(Config l) {
      return new Listener(
          l.getString("host"),
          l.getInt("port"),
          l.getInt("max-connections"),
          l.getDuration("idle-timeout"),
          l.getDuration("request-timeout"),
          l.getDuration("send-idle-timeout"));
    }
  }

  public static EdgeSettings fromConfig(Config root) {
    Config e = root.getConfig("reel.edge");
    Config c = e.getConfig("cache");
    return new EdgeSettings(
        e.getString("region"),
        e.getString("public-url"),
        tokenKeys(root, e),
        e.getString("token-signing-key"),
        e.getDuration("token-ttl"),
        Path.of(c.getString("dir")),
        c.getBytes("disk-bytes"),
        c.getBytes("memory-bytes"),
        c.getBytes("memory-object-max-bytes"),
        c.getDuration("eviction-grace"),
        Math.toIntExact(e.getBytes("stream-chunk-bytes")),
        e.getDuration("manifest-max-age"),
        e.getStringList("cors-allowed-origins"),
        Listener.fromConfig(e.getConfig("listener")));
  }

  /**
   * The key ring: an object {@code {id = base64}} or a string {@code "id:base64,id:base64"}. With
   * none configured, one key derived from the master key: every node of one deployment shares it
   * and nothing else has to be distributed. Edges that must not hold the master key (remote
   * regions) get explicit keys instead.
   */
  private static Map<String, byte[]> tokenKeys(Config root, Config e) {
    Map<String, byte[]> keys = configuredKeys(e);
    if (keys.isEmpty()
        && root.hasPath("reel.keys.master-key")
        && !root.getString("reel.keys.master-key").isBlank()) {
      keys.put(
          "derived-1",
          MasterKey.parse(root.getString("reel.keys.master-key")).derive("reel-edge-token-v1"));
    }
    return keys;
  }

  private static Map<String, byte[]> configuredKeys(Config e) {
    Map<String, byte[]> keys = new TreeMap<>();
    if (e.getValue("token-keys").valueType() == ConfigValueType.STRING) {
      String text = e.getString("token-keys").strip();
      if (!text.isEmpty()) {
        for (String pair : text.split(",")) {
          int colon = pair.indexOf(':');
          if (colon <= 0) {
            throw new IllegalArgumentException(
                "reel.edge.token-keys: expected id:base64 pairs separated by commas");
          }
          keys.put(pair.substring(0, colon).strip(), decode(pair.substring(colon + 1).strip()));
        }
      }
    } else {
      Config k = e.getConfig("token-keys");
      for (var entry : k.root().entrySet()) {
        keys.put(entry.getKey(), decode(k.getString(ConfigUtil.quoteString(entry.getKey()))));
      }
    }
    return keys;
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException notBase64) {
      // Never echo the key material.
      throw new IllegalArgumentException("reel.edge.token-keys: a key is not valid base64");
    }
  }

  @Override
  public String toString() {
    // Never print the token keys.
    return "EdgeSettings[region="
        + region
        + ", publicUrl="
        + publicUrl
        + ", tokenKeyIds="
        + tokenKeys.keySet()
        + ", cacheDir="
        + cacheDir
        + ", diskBytes="
        + diskBytes
        + ", memoryBytes="
        + memoryBytes
        + ", listener="
        + listener
        + "]";
  }

  /** The edge-token signer and verifier for these keys: the edge and the play API share them. */
  public EdgeTokens tokens(Clock clock) {
    return new EdgeTokens(tokenKeys(), tokenSigningKey(), clock);
  }
}

package io.reel.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.reel.http.ClusterCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Artery over TLS with client authentication ({@code reel.cluster.tls.enabled}): every node
 * presents a certificate of the cluster's CA and accepts only peers that do, so something that
 * reaches the remoting port without such a certificate cannot join or send a message. The CA and
 * this node's certificate come from {@link ClusterCertificates} in {@code reel.cluster.tls.dir},
 * created on first start.
 */
public final class ClusterTls {

  private static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine.";

  private ClusterTls() {}

  /** {@code config} with the TLS transport and this node's keys when enabled; else as it is. */
  public static Config apply(Config config) {
    if (!config.getBoolean("reel.cluster.tls.enabled")) {
      return config;
    }
    ClusterCertificates.NodeKeys keys = keys(config);
    Map<String, Object> tls = new HashMap<>();
    tls.put("pekko.remote.artery.transport", "tls-tcp");
    tls.put(ENGINE + "key-store", keys.keystore().toString());
    tls.put(ENGINE + "trust-store", keys.truststore().toString());
    tls.put(ENGINE + "key-store-password", keys.password());
    tls.put(ENGINE + "key-password", keys.password());
    tls.put(ENGINE + "trust-store-password", keys.password());
    tls.put(ENGINE + "require-mutual-authentication", "on");
    // Peers are authenticated by the CA; nodes are addressed by IP, often behind NAT or in pods.
    tls.put(ENGINE + "hostname-verification", "off");
    tls.put(ENGINE + "protocol", "TLSv1.3");
    tls.put(
        ENGINE + "enabled-algorithms", List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"));
    return ConfigFactory.parseMap(tls).withFallback(config);
  }

  /**
   * Keystores issued beforehand ({@code reel.cluster.tls.keystore}, e.g. mounted from a secret), or
   * else the CA and this node's certificate in {@code reel.cluster.tls.dir}, created when missing.
   */
  private static ClusterCertificates.NodeKeys keys(Config config) {
    String keystore = config.getString("reel.cluster.tls.keystore");
    if (!keystore.isBlank()) {
      Path passwordFile = Path.of(config.getString("reel.cluster.tls.password-file"));
      try {
        return new ClusterCertificates.NodeKeys(
            Path.of(keystore),
            Path.of(config.getString("reel.cluster.tls.truststore")),
            Files.readString(passwordFile).trim());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the cluster TLS password " + passwordFile, e);
      }
    }
    Path dir = Path.of(config.getString("reel.cluster.tls.dir")).toAbsolutePath();
    return ClusterCertificates.forNode(dir, nodeName(config));
  }

  /** Host and remoting port; a port chosen by the OS (0) gets a fresh name and certificate. */
  static String nodeName(Config config) {
    String host = config.getString("pekko.remote.artery.canonical.hostname");
    int port = config.getInt("pekko.remote.artery.canonical.port");
    String name = host.replaceAll("[^A-Za-z0-9.-]", "_");
    return port == 0
        ? name + "-" + UUID.randomUUID().toString().substring(0, 8)
        : name + "-" + port;
  }
}

package io.reel.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.reel.http.ClusterCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artery's TLS settings from reel.cluster.tls, and the certificates behind them. */
class ClusterTlsTest {

  @TempDir Path tmp;

  private static Config config(Map<String, Object> overrides) {
    return ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load()).resolve();
  }

  @Test
  void offLeavesPlainRemoting() {
    Config c = ClusterTls.apply(config(Map.of("reel.cluster.tls.enabled", false)));
    assertEquals("tcp", c.getString("pekko.remote.artery.transport"));
  }

  @Test
  void onCreatesACaAndANodeCertificateSignedByIt() throws Exception {
    Path dir = tmp.resolve("tls");
    Config c =
        ClusterTls.apply(
            config(
                Map.of(
                    "reel.cluster.tls.enabled",
                    true,
                    "reel.cluster.tls.dir",
                    dir.toString(),
                    "pekko.remote.artery.canonical.port",
                    25999)));
    String engine = "pekko.remote.artery.ssl.config-ssl-engine.";
    assertEquals("tls-tcp", c.getString("pekko.remote.artery.transport"));
    assertTrue(c.getBoolean(engine + "require-mutual-authentication"));
    assertEquals("TLSv1.3", c.getString(engine + "protocol"));
    Path keystore = Path.of(c.getString(engine + "key-store"));
    assertEquals(dir.resolve("node-127.0.0.1-25999.p12").toAbsolutePath(), keystore);
    String password = c.getString(engine + "key-store-password");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      ks.load(in, password.toCharArray());
    }
    X509Certificate node = (X509Certificate) ks.getCertificateChain("reel")[0];
    X509Certificate ca = (X509Certificate) ks.getCertificateChain("reel")[1];
    node.verify(ca.getPublicKey());
    assertNotEquals(node.getSubjectX500Principal(), ca.getSubjectX500Principal());
    assertEquals("rw-------", perms(dir.resolve(ClusterCertificates.CA)));

    // A second node in the same directory: the same CA, its own certificate.
    var second = ClusterCertificates.forNode(dir, "127.0.0.1-26000");
    assertNotEquals(keystore, second.keystore());
    assertEquals(password, second.password());
  }

  @Test
  void keystoresIssuedBeforehandAreUsedAsTheyAre() throws Exception {
    var issued = ClusterCertificates.forNode(tmp.resolve("issued"), "node");
    Path password = tmp.resolve("issued").resolve(ClusterCertificates.PASSWORD);
    Path unused = tmp.resolve("unused");
    Config c =
        ClusterTls.apply(
            config(
                Map.of(
                    "reel.cluster.tls.enabled", true,
                    "reel.cluster.tls.dir", unused.toString(),
                    "reel.cluster.tls.keystore", issued.keystore().toString(),
                    "reel.cluster.tls.truststore", issued.truststore().toString(),
                    "reel.cluster.tls.password-file", password.toString())));
    assertEquals(
        issued.keystore().toString(),
        c.getString("pekko.remote.artery.ssl.config-ssl-engine.key-store"));
    assertFalse(Files.exists(unused), "nothing created on start");
  }

  private static String perms(Path p) throws Exception {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}

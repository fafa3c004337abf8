package io.reel.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The keys cluster nodes authenticate each other with (Artery over TLS with client authentication):
 * a local certificate authority created once in a directory, and a certificate per node signed by
 * it. Nodes that share the directory (one machine) or a copy of its CA trust each other; anything
 * else that reaches the cluster port fails the handshake.
 *
 * <p>Files, all PKCS#12 with the password in {@code cluster.password} (owner-only): {@code ca.p12}
 * (the CA's key: keep it off the nodes in production and issue node keystores from it), {@code
 * truststore.p12} (the CA certificate only), {@code node-<name>.p12} (a node's key and its chain).
 * Creation is serialised across processes with a file lock, so nodes starting together end up with
 * one CA.
 */
public final class ClusterCertificates {

  public static final String CA = "ca.p12";
  public static final String TRUSTSTORE = "truststore.p12";
  public static final String PASSWORD = "cluster.password";
  private static final String ALIAS = "reel";

  /** A node's keystore and the truststore, with the one password both use. */
  public record NodeKeys(Path keystore, Path truststore, String password) {
    @Override
    public String toString() {
      return "NodeKeys[" + keystore + ", " + truststore + "]";
    }
  }

  private ClusterCertificates() {}

  /**
   * This node's keys under {@code dir}: the CA and truststore are created on first use, and the
   * node's keystore when {@code node} has none yet.
   *
   * @param node a file-name-safe name, unique per node (e.g. its host and remoting port)
   */
  public static NodeKeys forNode(Path dir, String node) {
    if (!node.matches("[A-Za-z0-9_.-]{1,100}")) {
      throw new IllegalArgumentException("not a node name for a file: " + node);
    }
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
              FileChannel.open(
                  dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        String password = password(dir);
        if (!Files.exists(dir.resolve(CA))) {
          createCa(dir, password);
        }
        Path keystore = dir.resolve("node-" + node + ".p12");
        if (!Files.exists(keystore)) {
          createNode(dir, keystore, node, password);
        }
        return new NodeKeys(keystore, dir.resolve(TRUSTSTORE), password);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot create the cluster certificates in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Issues a node keystore from the CA in {@code DIR} (creating the CA when missing), for nodes
   * that get their keys mounted rather than created on start: {@code ClusterCertificates DIR NAME}.
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ClusterCertificates DIR NODE-NAME");
      System.exit(2);
    }
    NodeKeys keys = forNode(Path.of(args[0]), args[1]);
    System.out.println(
        "keystore "
            + keys.keystore()
            + ", truststore "
            + keys.truststore()
            + ", password in "
            + Path.of(args[0]).resolve(PASSWORD));
  }

  private static String password(Path dir) throws IOException {
    Path file = dir.resolve(PASSWORD);
    if (!Files.exists(file)) {
      byte[] b = new byte[18];
      new SecureRandom().nextBytes(b);
      write(dir, file, Base64.getUrlEncoder().withoutPadding().encodeToString(b).getBytes());
    }
    return Files.readString(file).trim();
  }

  private static void createCa(Path dir, String password)
      throws IOException, GeneralSecurityException {
    KeyPair pair = ecKeys();
    X500Name name = new X500Name("CN=Reel cluster CA, O=Reel");
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            name,
            serial(),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(3650))),
            name,
            pair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate ca = sign(builder, pair.getPrivate());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(ALIAS, pair.getPrivate(), password.toCharArray(), new Certificate[] {ca});
    store(dir, dir.resolve(CA), keys, password);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("reel-cluster-ca", ca);
    store(dir, dir.resolve(TRUSTSTORE), trust, password);
  }

  private static void createNode(Path dir, Path keystore, String node, String password)
      throws IOException, GeneralSecurityException {
    KeyStore caStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(CA))) {
      caStore.load(in, password.toCharArray());
    }
    PrivateKey caKey = (PrivateKey) caStore.getKey(ALIAS, password.toCharArray());
    X509Certificate ca = (X509Certificate) caStore.getCertificate(ALIAS);
    KeyPair pair = ecKeys();
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            ca,
            serial(),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(825))),
            new X500Name("CN=" + node + ", O=Reel cluster node"),
            pair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    // Each node is both ends of Artery connections: server and client.
    builder.addExtension(
        Extension.extendedKeyUsage,
        false,
        new ExtendedKeyUsage(
            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    builder.addExtension(Extension.subjectAlternativeName, false, TlsCertificates.loopbackNames());
    X509Certificate cert = sign(builder, caKey);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        ALIAS, pair.getPrivate(), password.toCharArray(), new Certificate[] {cert, ca});
    store(dir, keystore, keys, password);
  }

  private static KeyPair ecKeys() throws GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(256);
    return gen.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static void store(Path dir, Path file, KeyStore ks, String password)
      throws IOException, GeneralSecurityException {
    Path tmp = Files.createTempFile(dir, "cluster", ".tmp");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    try (OutputStream out = Files.newOutputStream(tmp)) {
      ks.store(out, password.toCharArray());
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void write(Path dir, Path file, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(dir, "cluster", ".tmp");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }
}

package io.reel.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The gateway's TLS material: a configured PKCS#12 keystore, or on one machine a self-signed
 * certificate (EC P-256, localhost and 127.0.0.1, one year) generated with Bouncy Castle on first
 * start. Its certificate is also written as PEM so {@code curl --cacert} can trust it.
 */
public final class TlsCertificates {

  public static final String KEYSTORE = "gateway.p12";
  public static final String CERT_PEM = "gateway-cert.pem";

  private TlsCertificates() {}

  public static SSLContext sslContext(Path keystore, char[] password) {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot load the TLS keystore " + keystore + ": " + e.getMessage(), e);
    }
  }

  /** The self-signed keystore under {@code dir}, created on first use; its password file beside. */
  public static Path selfSigned(Path dir) {
    Path keystore = dir.resolve(KEYSTORE);
    try {
      if (!Files.exists(keystore)) {
        Files.createDirectories(dir);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random(18));
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256);
        KeyPair pair = gen.generateKeyPair();
        X500Name name = new X500Name("CN=localhost, O=Reel (self-signed)");
        Instant now = Instant.now();
        var builder =
            new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(365))),
                name,
                pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.subjectAlternativeName, false, loopbackNames());
        X509Certificate cert =
            new JcaX509CertificateConverter()
                .getCertificate(
                    builder.build(
                        new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(
            "reel", pair.getPrivate(), password.toCharArray(), new X509Certificate[] {cert});
        Path tmp = Files.createTempFile(dir, "gateway", ".tmp");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        try (OutputStream out = Files.newOutputStream(tmp)) {
          ks.store(out, password.toCharArray());
        }
        Path pw = dir.resolve(KEYSTORE + ".password");
        Files.writeString(pw, password);
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve(CERT_PEM), pem(cert));
        Files.move(tmp, keystore, StandardCopyOption.ATOMIC_MOVE);
      }
      return keystore;
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot create a self-signed certificate in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Names a certificate for this machine carries: localhost and 127.0.0.1. */
  static GeneralNames loopbackNames() {
    return new GeneralNames(
        new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1")
        });
  }

  public static char[] selfSignedPassword(Path dir) {
    try {
      return Files.readString(dir.resolve(KEYSTORE + ".password")).trim().toCharArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the self-signed keystore password", e);
    }
  }

  private static String pem(X509Certificate cert) throws GeneralSecurityException {
    StringWriter w = new StringWriter();
    w.write("-----BEGIN CERTIFICATE-----\n");
    w.write(
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(cert.getEncoded()));
    w.write("\n-----END CERTIFICATE-----\n");
    return w.toString();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}

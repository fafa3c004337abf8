package io.reel.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates of the TLS test nodes, and only those: {@link TestNode} adds each node's
 * self-signed certificate as it starts, and {@link Http} trusts a server only when it presents one
 * of them (the host name is still checked against the certificate). Browsers get the same pin
 * through {@link #spki}.
 */
public final class TestTrust {

  private static final Set<X509Certificate> TRUSTED = ConcurrentHashMap.newKeySet();

  private TestTrust() {}

  /** Trusts the PEM certificate at {@code pem} from now on. */
  public static X509Certificate add(Path pem) {
    X509Certificate cert = read(pem);
    TRUSTED.add(cert);
    return cert;
  }

  /**
   * The base64 SHA-256 of the certificate's public key: Chromium's {@code
   * --ignore-certificate-errors-spki-list} trusts exactly the keys listed there.
   */
  public static String spki(Path pem) {
    try {
      byte[] key = read(pem).getPublicKey().getEncoded();
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(key));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static SSLContext context() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new Pinned()}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate read(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateException e) {
      throw new IllegalStateException(pem + " is not a certificate", e);
    }
  }

  private static final class Pinned implements X509TrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (chain == null || chain.length == 0 || !TRUSTED.contains(chain[0])) {
        throw new CertificateException("not a test node's certificate");
      }
      chain[0].checkValidity();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("no client certificates here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

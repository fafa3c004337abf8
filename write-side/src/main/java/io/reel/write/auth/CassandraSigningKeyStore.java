package io.reel.write.auth;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;
import io.reel.origin.keys.MasterKey;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing keys in {@code signing_keys}, one partition ({@code key_set = 'access'}) with a row per
 * generation. The private key is stored only as PKCS#8 wrapped under the master key with context
 * {@code reel-signing-key:<kid>}; the public key is plain X.509. On load the kid must be the
 * thumbprint of the public key and the private key must sign something the public key verifies, so
 * a row altered by someone without the master key is refused rather than trusted.
 */
public final class CassandraSigningKeyStore implements SigningKeyStore {

  private static final Logger log = LoggerFactory.getLogger(CassandraSigningKeyStore.class);
  private static final String KEY_SET = "access";

  private final CqlSession session;
  private final MasterKey master;
  private final PreparedStatement selectAll;
  private final PreparedStatement insert;
  private final PreparedStatement delete;

  public CassandraSigningKeyStore(CqlSession session, String keyspace, MasterKey master) {
    this.session = session;
    this.master = master;
    this.selectAll =
        session.prepare(
            "SELECT generation, kid, created_at, public_key, wrapped_private_key FROM "
                + keyspace
                + ".signing_keys WHERE key_set = ?");
    this.insert =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".signing_keys (key_set, generation, kid, created_at, public_key,"
                + " wrapped_private_key, master_key_id) VALUES (?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
    this.delete =
        session.prepare(
            "DELETE FROM " + keyspace + ".signing_keys WHERE key_set = ? AND generation = ?");
  }

  @Override
  public CompletionStage<List<SigningKey>> loadAll() {
    List<SigningKey> out = new ArrayList<>();
    return session
        .executeAsync(q(selectAll.bind(KEY_SET)))
        .thenCompose(rs -> collect(rs, out))
        .thenApply(v -> List.copyOf(out));
  }

  private CompletionStage<Void> collect(AsyncResultSet rs, List<SigningKey> out) {
    for (Row row : rs.currentPage()) {
      try {
        out.add(fromRow(row));
      } catch (RuntimeException e) {
        // One bad row must not take signing down; it is simply not a key we trust.
        log.error(
            "ignoring signing key row generation {}: {}",
            row.getLong("generation"),
            e.getMessage());
      }
    }
    return rs.hasMorePages()
        ? rs.fetchNextPage().thenCompose(next -> collect(next, out))
        : CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<SigningKey> insertIfAbsent(SigningKey key) {
    byte[] publicKey;
    byte[] wrapped;
    try {
      publicKey = key.jwk().toECPublicKey().getEncoded();
      wrapped = wrapPrivate(master, key);
    } catch (JOSEException e) {
      return CompletableFuture.failedFuture(e);
    }
    return session
        .executeAsync(
            q(
                insert.bind(
                    KEY_SET,
                    key.generation(),
                    key.kid(),
                    key.createdAt(),
                    ByteBuffer.wrap(publicKey),
                    ByteBuffer.wrap(wrapped),
                    master.id())))
        // Lost the race: the LWT answers with the winner's row.
        .thenApply(rs -> rs.wasApplied() ? key : fromRow(rs.one()));
  }

  @Override
  public CompletionStage<Done> delete(long generation) {
    return session
        .executeAsync(q(delete.bind(KEY_SET, generation)))
        .thenApply(rs -> Done.getInstance());
  }

  private SigningKey fromRow(Row row) {
    return unwrapKey(
        master,
        row.getLong("generation"),
        row.getString("kid"),
        row.getInstant("created_at"),
        bytes(row.getByteBuffer("public_key")),
        bytes(row.getByteBuffer("wrapped_private_key")));
  }

  static String context(String kid) {
    return "reel-signing-key:" + kid;
  }

  static byte[] wrapPrivate(MasterKey master, SigningKey key) throws JOSEException {
    return master.wrap(key.jwk().toECPrivateKey().getEncoded(), context(key.kid()));
  }

  /** Rebuilds a stored key; throws when anything about the row does not add up. */
  static SigningKey unwrapKey(
      MasterKey master,
      long generation,
      String kid,
      java.time.Instant createdAt,
      byte[] publicKey,
      byte[] wrappedPrivate) {
    try {
      KeyFactory kf = KeyFactory.getInstance("EC");
      ECPublicKey pub = (ECPublicKey) kf.generatePublic(new X509EncodedKeySpec(publicKey));
      byte[] pkcs8 = master.unwrap(wrappedPrivate, context(kid));
      ECPrivateKey priv = (ECPrivateKey) kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      ECKey jwk =
          new ECKey.Builder(Curve.P_256, pub)
              .privateKey(priv)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .keyID(kid)
              .build();
      Base64URL thumbprint = jwk.computeThumbprint();
      if (!thumbprint.toString().equals(kid)) {
        throw new IllegalStateException("kid is not the thumbprint of the stored public key");
      }
      byte[] probe =
          ("reel-signing-key-check:" + kid).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(priv);
      s.update(probe);
      byte[] sig = s.sign();
      s.initVerify(pub);
      s.update(probe);
      if (!s.verify(sig)) {
        throw new IllegalStateException("stored private and public key do not match");
      }
      return new SigningKey(generation, kid, createdAt, jwk);
    } catch (GeneralSecurityException | JOSEException | ClassCastException e) {
      throw new IllegalStateException("unreadable signing key " + kid + ": " + e.getMessage());
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /**
   * LOCAL_QUORUM whatever the driver default: a token row written by one node must be visible to
   * the next refresh on another (LWTs use LOCAL_SERIAL for the condition).
   */
  private static BoundStatement q(BoundStatement s) {
    return s.setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)
        .setSerialConsistencyLevel(DefaultConsistencyLevel.LOCAL_SERIAL);
  }
}

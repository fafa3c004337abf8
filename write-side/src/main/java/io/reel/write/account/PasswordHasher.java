package io.reel.write.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code
 * $argon2id$v=19$m=..,t=..,p=..$salt$hash}, unpadded base64), as other Argon2 libraries read and
 * write them. Verification reads the parameters from the stored string, so raising the cost later
 * keeps old hashes valid; {@link #needsRehash} says when to upgrade one after a successful sign-in.
 */
public final class PasswordHasher {

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final String dummyHash;
  private final java.util.concurrent.atomic.AtomicLong dummyChecks =
      new java.util.concurrent.atomic.AtomicLong();

  public PasswordHasher(int memoryKib, int iterations, int parallelism) {
    if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
      throw new IllegalArgumentException("invalid Argon2 parameters");
    }
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    // Same cost as a real hash, so checking an unknown e-mail takes as long as a known one.
    this.dummyHash = hash(B64.encodeToString(random));
  }

  public static PasswordHasher fromSettings(AccountSettings s) {
    return new PasswordHasher(s.argon2MemoryKib(), s.argon2Iterations(), s.argon2Parallelism());
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] out = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
  }

  /** False for a wrong password and for anything that is not an Argon2id PHC string. */
  public boolean verify(String password, String phc) {
    Optional<Phc> parsed = Phc.parse(phc);
    if (parsed.isEmpty() || password == null) {
      return false;
    }
    Phc p = parsed.get();
    byte[] actual =
        derive(password, p.salt, p.memoryKib, p.iterations, p.parallelism, p.hash.length);
    return MessageDigest.isEqual(actual, p.hash);
  }

  /** Burns the time of one verification and fails: for sign-ins with an unknown e-mail. */
  public boolean verifyDummy(String password) {
    dummyChecks.incrementAndGet();
    verify(password == null ? "" : password, dummyHash);
    return false;
  }

  /** How many dummy verifications ran: a metric, and how tests see the unknown-address path. */
  public long dummyChecks() {
    return dummyChecks.get();
  }

  /** True when the stored hash is weaker than (or different from) today's parameters. */
  public boolean needsRehash(String phc) {
    return Phc.parse(phc)
        .map(
            p ->
                p.memoryKib != memoryKib
                    || p.iterations != iterations
                    || p.parallelism != parallelism
                    || p.hash.length != HASH_BYTES)
        .orElse(true);
  }

  private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(m)
            .withIterations(t)
            .withParallelism(p)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  private record Phc(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {

    // Bounds keep a tampered or hostile string from asking for gigabytes or hours.
    static Optional<Phc> parse(String s) {
      if (s == null || !s.startsWith("$argon2id$v=19$")) {
        return Optional.empty();
      }
      String[] parts = s.split("\\$");
      // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
      if (parts.length != 6) {
        return Optional.empty();
      }
      try {
        int m = -1;
        int t = -1;
        int p = -1;
        for (String kv : parts[3].split(",")) {
          String[] pair = kv.split("=", 2);
          int v = Integer.parseInt(pair[1]);
          switch (pair[0]) {
            case "m" -> m = v;
            case "t" -> t = v;
            case "p" -> p = v;
            default -> {
              return Optional.empty();
            }
          }
        }
        byte[] salt = B64D.decode(parts[4]);
        byte[] hash = B64D.decode(parts[5]);
        if (m < 8 || m > 4 * 1024 * 1024 || t < 1 || t > 100 || p < 1 || p > 64 || m < 8 * p) {
          return Optional.empty();
        }
        if (salt.length < 8 || hash.length < 16 || hash.length > 64) {
          return Optional.empty();
        }
        return Optional.of(new Phc(m, t, p, salt, hash));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }
}

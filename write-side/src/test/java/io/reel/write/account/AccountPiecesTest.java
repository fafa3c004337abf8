package io.reel.write.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.account.AccountId;
import io.reel.domain.account.Sealed;
import io.reel.origin.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hasher, the policy, the throttle and the vault, each on its own. */
class AccountPiecesTest {

  private static final Logger log = LoggerFactory.getLogger(AccountPiecesTest.class);
  static final PasswordHasher FAST = new PasswordHasher(64, 1, 1);

  @Test
  void hasherVerifiesGoodAndBadPasswordsWithFreshSalts() {
    String a = FAST.hash("correct horse battery");
    String b = FAST.hash("correct horse battery");
    assertTrue(a.startsWith("$argon2id$v=19$m=64,t=1,p=1$"), a);
    assertNotEquals(a, b);
    assertTrue(FAST.verify("correct horse battery", a));
    assertTrue(FAST.verify("correct horse battery", b));
    assertFalse(FAST.verify("correct horse battery!", a));
    assertFalse(FAST.verify("x", "not a hash"));
    assertFalse(FAST.verifyDummy("anything"));
  }

  @Test
  void hasherReadsParametersFromThePhcStringAndAsksForRehash() {
    String old = FAST.hash("correct horse battery");
    PasswordHasher stronger = new PasswordHasher(128, 2, 1);
    assertTrue(stronger.verify("correct horse battery", old));
    assertTrue(stronger.needsRehash(old));
    assertFalse(stronger.needsRehash(stronger.hash("x")));
  }

  @Test
  void defaultCostIsMeasured() {
    // Measured, not asserted (no timing thresholds in tests): the log line sizes reference.conf.
    PasswordHasher real = new PasswordHasher(19456, 2, 1);
    String h = real.hash("warm up the JIT first");
    long start = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      real.verify("warm up the JIT first", h);
    }
    log.info(
        "argon2id m=19456 t=2 p=1: {} ms per hash", (System.nanoTime() - start) / 3 / 1_000_000);
    assertTrue(real.verify("warm up the JIT first", h));
  }

  @Test
  void policyRejectsWeakAndCommonPasswordsAndAcceptsAGoodOne() {
    PasswordPolicy p = PasswordPolicy.bundled();
    assertFalse(p.violations("short", "a@b.c").isEmpty());
    assertEquals(
        java.util.List.of("password is too common"), p.violations("Qwerty123456", "a@b.c"));
    assertFalse(p.violations("ILOVEYOU123", "a@b.c").isEmpty());
    assertFalse(p.violations("aaaaaaaaaaaa", "a@b.c").isEmpty());
    assertFalse(p.violations("31415926535", "a@b.c").isEmpty());
    assertFalse(p.violations("margaret-was-here", "Margaret@example.com").isEmpty());
    assertFalse(p.violations("x".repeat(129) + "yz", "a@b.c").isEmpty());
    assertEquals(java.util.List.of(), p.violations("violet tram 42 umbrella", "ann@example.com"));
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-12-05T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void vaultSealsAndCryptoErases() {
    MasterKey master = MasterKey.parse(MasterKey.generateBase64());
    InMemoryPersonalDataVault vault = new InMemoryPersonalDataVault(master);
    AccountId id = new AccountId(5);
    vault.create(id).toCompletableFuture().join();
    Sealed s = vault.seal(id, "ann@example.com").toCompletableFuture().join();
    assertFalse(
        new String(s.bytes(), StandardCharsets.ISO_8859_1).contains("ann@example.com"),
        "ciphertext must not contain the plaintext");
    assertEquals(Optional.of("ann@example.com"), vault.open(id, s).toCompletableFuture().join());
    // Sealed data of one account does not open as another's.
    AccountId other = new AccountId(6);
    vault.create(other).toCompletableFuture().join();
    assertEquals(Optional.empty(), vault.open(other, s).toCompletableFuture().join());
    vault.destroy(id).toCompletableFuture().join();
    assertEquals(Optional.empty(), vault.open(id, s).toCompletableFuture().join());
    assertTrue(vault.seal(id, "x").toCompletableFuture().isCompletedExceptionally());
  }

  @Test
  void emailHashIsKeyedAndNormalized() {
    MasterKey m1 = MasterKey.parse(MasterKey.generateBase64());
    MasterKey m2 = MasterKey.parse(MasterKey.generateBase64());
    EmailHasher h = new EmailHasher(m1);
    assertEquals(h.hash("Ann@Example.com "), h.hash("ann@example.com"));
    assertNotEquals(h.hash("ann@example.com"), new EmailHasher(m2).hash("ann@example.com"));
    assertFalse(h.hash("ann@example.com").contains("ann"));
  }
}

package io.reel.write.account;

import static io.reel.write.account.AccountFixture.PASSWORD;
import static io.reel.write.account.AccountFixture.join;
import static io.reel.write.account.AccountFixture.tokenOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.domain.account.AccountId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changing and resetting the password. */
class PasswordsTest {

  @TempDir Path dir;
  private AccountFixture f;

  @BeforeEach
  void setUp() {
    f = new AccountFixture(dir.resolve("outbox.jsonl"), 3, 1000);
  }

  @Test
  void resetIsAlwaysAcceptedAndWorksOnce() throws Exception {
    AccountId id = f.signedUpAndVerified("ann@example.com");
    int before = f.mails().size();
    assertEquals(
        new AccountOutcome.Ok(), join(f.passwords.requestPasswordReset("nobody@example.com")));
    assertEquals(before, f.mails().size());
    assertEquals(
        new AccountOutcome.Ok(), join(f.passwords.requestPasswordReset("ann@example.com")));
    JsonNode mail = f.mails().get(f.mails().size() - 1);
    assertEquals("password-reset", mail.get("kind").asText());
    String token = tokenOf(mail);
    assertInstanceOf(
        AccountOutcome.Invalid.class, join(f.passwords.resetPassword(token, "password123")));
    assertEquals(
        new AccountOutcome.Ok(), join(f.passwords.resetPassword(token, "a brand new passphrase")));
    assertEquals(List.of(id.asString()), f.tokens.revokedAll);
    assertInstanceOf(
        AccountOutcome.Invalid.class,
        join(f.passwords.resetPassword(token, "yet another passphrase")));
    assertInstanceOf(
        AccountOutcome.SignedIn.class,
        join(
            f.signIn.signIn("ann@example.com", "a brand new passphrase", "ip", "Chrome on Linux")));
  }

  @Test
  void changePasswordChecksTheCurrentOneAndRevokesSessions() throws Exception {
    AccountId id = f.signedUpAndVerified("ann@example.com");
    assertInstanceOf(
        AccountOutcome.Unauthorized.class,
        join(
            f.passwords.changePassword(
                id, "not it at all", "a brand new passphrase", "203.0.113.1")));
    assertInstanceOf(
        AccountOutcome.Invalid.class,
        join(f.passwords.changePassword(id, PASSWORD, "ann-is-great-123", "203.0.113.1")));
    assertEquals(
        new AccountOutcome.Ok(),
        join(f.passwords.changePassword(id, PASSWORD, "a brand new passphrase", "203.0.113.1")));
    assertEquals(List.of(id.asString()), f.tokens.revokedAll);
  }
}

package io.reel.write.account;

import static io.reel.write.account.AccountFixture.PASSWORD;
import static io.reel.write.account.AccountFixture.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reel.domain.account.AccountId;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-up and e-mail verification. */
class SignUpTest {

  @TempDir Path dir;
  private AccountFixture f;

  @BeforeEach
  void setUp() {
    f = new AccountFixture(dir.resolve("outbox.jsonl"), 3, 1000);
  }

  @Test
  void signUpVerifySignIn() throws Exception {
    AccountId id = f.signedUpAndVerified("Ann@Example.com");
    var me = assertInstanceOf(AccountOutcome.Me.class, join(f.myAccount.me(id))).account();
    assertEquals("ann@example.com", me.email());
    assertTrue(me.emailVerified());
    assertEquals("Main", me.profiles().get(0).name());
    var signedIn =
        assertInstanceOf(
            AccountOutcome.SignedIn.class,
            join(f.signIn.signIn("ann@example.com", PASSWORD, "1.2.3.4", "Chrome on Linux")));
    assertEquals("access-" + id, signedIn.tokens().accessToken());
    // Clicking the link again is harmless; a forged token is refused.
    assertInstanceOf(AccountOutcome.Ok.class, join(f.signUp.verifyEmail(id + ".forged")));
    assertInstanceOf(AccountOutcome.Invalid.class, join(f.signUp.verifyEmail("999999.forged")));
    assertInstanceOf(AccountOutcome.Invalid.class, join(f.signUp.verifyEmail("garbage")));
  }

  @Test
  void aTakenAddressAnswersLikeAFreshOneAndMailsTheOwner() throws Exception {
    AccountId id = f.signedUpAndVerified("ann@example.com");
    var again = join(f.signUp.signUp("ANN@example.com ", "another good passphrase"));
    assertEquals(new AccountOutcome.Ok(), again);
    JsonNode last = f.mails().get(f.mails().size() - 1);
    assertEquals("already-registered", last.get("kind").asText());
    assertEquals(id.asString(), last.get("accountId").asText());
    assertFalse(last.has("link"));
    assertEquals(1, f.index.size());
    // The original password still works; the second sign-up changed nothing.
    assertInstanceOf(
        AccountOutcome.SignedIn.class,
        join(f.signIn.signIn("ann@example.com", PASSWORD, "ip", "Chrome on Linux")));
  }
}

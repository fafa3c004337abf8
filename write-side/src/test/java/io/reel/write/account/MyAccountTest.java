package io.reel.write.account;

import static io.reel.write.account.AccountFixture.PASSWORD;
import static io.reel.write.account.AccountFixture.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.domain.billing.SubscriptionCommand;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signed-in account: show and close it. */
class MyAccountTest {

  @TempDir Path dir;
  private AccountFixture f;

  @BeforeEach
  void setUp() {
    f = new AccountFixture(dir.resolve("outbox.jsonl"), 3, 1000);
  }

  @Test
  void closingErasesTheAddressForGood() throws Exception {
    AccountId id = f.signedUpAndVerified("ann@example.com");
    var state =
        (AccountState.Active)
            ((AccountReply.Accepted) join(f.entities.ask(id, new AccountCommand.Get()))).state();
    assertEquals(new AccountOutcome.Ok(), join(f.myAccount.close(id)));
    // The journal's sealed copy of the address can no longer be opened: the key is gone.
    assertEquals(Optional.empty(), join(f.vault.open(id, state.email())));
    assertEquals(new AccountOutcome.NotFound(), join(f.myAccount.me(id)));
    assertEquals(0, f.index.size());
    assertTrue(f.tokens.revokedAll.contains(id.asString()));
    // The subscription ends at once: no further invoice or charge.
    assertInstanceOf(
        SubscriptionCommand.Terminate.class, f.subscriptionCommands.get(id.asString()).get(0));
    assertInstanceOf(
        AccountOutcome.Unauthorized.class,
        join(f.signIn.signIn("ann@example.com", PASSWORD, "ip", "Chrome on Linux")));
    // The address is free for a new account.
    assertEquals(new AccountOutcome.Ok(), join(f.signUp.signUp("ann@example.com", PASSWORD)));
    assertEquals(1, f.index.size());
  }

  @Test
  void aRetriedCloseFinishesEveryStep() throws Exception {
    AccountId id = f.signedUpAndVerified("bea@example.com");
    assertEquals(new AccountOutcome.Ok(), join(f.myAccount.close(id)));
    assertEquals(new AccountOutcome.Ok(), join(f.myAccount.close(id)));
    assertEquals(0, f.index.size());
    assertEquals(2, f.subscriptionCommands.get(id.asString()).size());
    assertEquals(new AccountOutcome.NotFound(), join(f.myAccount.me(id)));
  }
}

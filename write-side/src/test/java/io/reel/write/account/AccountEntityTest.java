package io.reel.write.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountEvent;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.domain.account.Profile;
import io.reel.domain.account.Sealed;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.Rejection;
import io.reel.write.EntityTestKits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The entity with the real serialization config: everything goes through jackson-cbor. */
class AccountEntityTest {

  private static final AccountId ID = new AccountId(9_000_001L);
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private static final Sealed EMAIL = Sealed.of(new byte[] {1, 2, 3, 4});
  private static final String HASH = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
  private static final Profile MAIN =
      new Profile("main", Sealed.of(new byte[] {5, 6}), false, MaturityRating.NR, "pt-BR", null);

  private static ActorTestKit testKit;
  private EventSourcedBehaviorTestKit<AccountEntity.Command, AccountEvent, AccountState> entity;

  @BeforeAll
  static void start() {
    testKit = EntityTestKits.create("AccountEntityTest");
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    entity =
        EventSourcedBehaviorTestKit.create(
            testKit.system(), AccountEntity.create(ID, 4, Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  private CommandResultWithReply<AccountEntity.Command, AccountEvent, AccountState, AccountReply>
      send(AccountCommand command) {
    return entity.runCommand(replyTo -> new AccountEntity.Handle(command, replyTo));
  }

  @Test
  void lifecycleSerializesAndSurvivesARestart() {
    var signed = send(new AccountCommand.SignUp(EMAIL, "eh", HASH, MAIN));
    assertEquals(
        List.of(new AccountEvent.SignedUp(ID, EMAIL, "eh", HASH, MAIN, NOW)), signed.events());
    send(new AccountCommand.IssueVerification("t1", NOW.plusSeconds(60)));
    var verified = send(new AccountCommand.VerifyEmail("t1"));
    assertEquals(List.of(new AccountEvent.EmailVerified(ID, NOW)), verified.events());
    var kid = new Profile("kid", Sealed.of(new byte[] {7}), true, MaturityRating.G, null, null);
    send(new AccountCommand.AddProfile(kid));
    entity.restart();
    var state =
        assertInstanceOf(
            AccountState.Active.class,
            assertInstanceOf(AccountReply.Accepted.class, send(new AccountCommand.Get()).reply())
                .state());
    assertEquals(List.of(MAIN, kid), state.profiles());
    var closed = send(new AccountCommand.Close());
    assertEquals(new AccountState.Closed(ID, NOW), closed.state());
    assertEquals("account-", AccountEntity.tagFor(ID, 4).substring(0, 8));
  }

  @Test
  void rejectionsAreReplies() {
    var r = send(new AccountCommand.ChangePassword(HASH));
    assertEquals(
        Rejection.Kind.NOT_FOUND,
        assertInstanceOf(AccountReply.Rejected.class, r.reply()).rejection().kind());
    assertEquals(List.of(), r.events());
  }
}

package io.reel.write.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.origin.keys.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The use cases with in-memory stores, the domain rules folded over a map, and fake tokens. */
class AccountServiceTest {

  private static final String PASSWORD = "violet tram 42 umbrella";

  @TempDir Path dir;
  private AccountPiecesTest.MutableClock clock;
  private MasterKey master;
  private InMemoryEmailIndex index;
  private InMemoryPersonalDataVault vault;
  private AccountEntities entities;
  private FakeTokens tokens;
  private Path outbox;
  private AccountService service;
  private PasswordHasher hasher;

  @BeforeEach
  void setUp() {
    clock = new AccountPiecesTest.MutableClock();
    master = MasterKey.parse(MasterKey.generateBase64());
    index = new InMemoryEmailIndex();
    vault = new InMemoryPersonalDataVault(master);
    entities = AccountEntities.inMemory(clock);
    tokens = new FakeTokens();
    outbox = dir.resolve("outbox.jsonl");
    hasher = new PasswordHasher(64, 1, 1);
    service = newService(hasher);
  }

  private AccountService newService(PasswordHasher hasher) {
    AtomicLong ids = new AtomicLong(1000);
    AccountSettings settings =
        new AccountSettings(
            4,
            Duration.ofSeconds(5),
            Optional.empty(),
            64,
            1,
            1,
            3,
            Duration.ofSeconds(1),
            Duration.ofMinutes(15),
            1000,
            Duration.ofHours(48),
            Duration.ofHours(1),
            "https://reel.example",
            outbox.toString());
    return new AccountService(
        entities,
        () -> new AccountId(ids.incrementAndGet()),
        new EmailHasher(master),
        index,
        vault,
        hasher,
        PasswordPolicy.bundled(),
        SignInThrottle.fromSettings(settings, clock),
        new FileMailer(outbox, clock),
        tokens,
        settings,
        clock,
        Runnable::run);
  }

  private <T> T join(java.util.concurrent.CompletionStage<T> s) {
    return s.toCompletableFuture().join();
  }

  private List<JsonNode> mails() throws Exception {
    if (!Files.exists(outbox)) {
      return List.of();
    }
    ObjectMapper m = new ObjectMapper();
    return Files.readAllLines(outbox).stream()
        .map(
            l -> {
              try {
                return m.readTree(l);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  private String tokenOf(JsonNode mail) {
    String link = mail.get("link").asText();
    return link.substring(link.indexOf("token=") + 6);
  }

  private AccountId signedUpAndVerified(String email) throws Exception {
    assertInstanceOf(AccountOutcome.Ok.class, join(service.signUp(email, PASSWORD)));
    JsonNode mail = mails().get(mails().size() - 1);
    assertEquals("verify-email", mail.get("kind").asText());
    assertInstanceOf(AccountOutcome.Ok.class, join(service.verifyEmail(tokenOf(mail))));
    return AccountId.of(mail.get("accountId").asText());
  }

  @Test
  void signUpVerifySignIn() throws Exception {
    AccountId id = signedUpAndVerified("Ann@Example.com");
    var me = assertInstanceOf(AccountOutcome.Me.class, join(service.me(id))).account();
    assertEquals("ann@example.com", me.email());
    assertTrue(me.emailVerified());
    assertEquals("Main", me.profiles().get(0).name());
    var signedIn =
        assertInstanceOf(
            AccountOutcome.SignedIn.class,
            join(service.signIn("ann@example.com", PASSWORD, "1.2.3.4")));
    assertEquals("access-" + id, signedIn.tokens().accessToken());
    // Clicking the link again is harmless; a forged token is refused.
    assertInstanceOf(AccountOutcome.Ok.class, join(service.verifyEmail(id + ".forged")));
    assertInstanceOf(AccountOutcome.Invalid.class, join(service.verifyEmail("999999.forged")));
    assertInstanceOf(AccountOutcome.Invalid.class, join(service.verifyEmail("garbage")));
  }

  @Test
  void aTakenAddressAnswersLikeAFreshOneAndMailsTheOwner() throws Exception {
    AccountId id = signedUpAndVerified("ann@example.com");
    var again = join(service.signUp("ANN@example.com ", "another good passphrase"));
    assertEquals(new AccountOutcome.Ok(), again);
    JsonNode last = mails().get(mails().size() - 1);
    assertEquals("already-registered", last.get("kind").asText());
    assertEquals(id.asString(), last.get("accountId").asText());
    assertFalse(last.has("link"));
    assertEquals(1, index.size());
    // The original password still works; the second sign-up changed nothing.
    assertInstanceOf(
        AccountOutcome.SignedIn.class, join(service.signIn("ann@example.com", PASSWORD, "ip")));
  }

  @Test
  void bruteForceIsThrottledAndUnknownAddressesFailAlike() throws Exception {
    signedUpAndVerified("ann@example.com");
    for (int i = 0; i < 3; i++) {
      assertInstanceOf(
          AccountOutcome.Unauthorized.class,
          join(service.signIn("ann@example.com", "wrong guess " + i, "9.9.9.9")));
    }
    var throttled =
        assertInstanceOf(
            AccountOutcome.Throttled.class,
            join(service.signIn("ann@example.com", PASSWORD, "8.8.8.8")));
    assertEquals(Duration.ofSeconds(1), throttled.retryAfter());
    // Unknown addresses get the same answer, go through the dummy hash, and are throttled alike.
    assertEquals(0, hasher.dummyChecks());
    for (int i = 0; i < 3; i++) {
      assertEquals(
          new AccountOutcome.Unauthorized(),
          join(service.signIn("nobody@example.com", "wrong guess", "7.7.7.7")));
    }
    assertEquals(3, hasher.dummyChecks());
    assertInstanceOf(
        AccountOutcome.Throttled.class,
        join(service.signIn("nobody@example.com", "wrong guess", "6.6.6.6")));
    clock.advance(Duration.ofSeconds(2));
    assertInstanceOf(
        AccountOutcome.SignedIn.class,
        join(service.signIn("ann@example.com", PASSWORD, "8.8.8.8")));
  }

  @Test
  void resetIsAlwaysAcceptedAndWorksOnce() throws Exception {
    AccountId id = signedUpAndVerified("ann@example.com");
    int before = mails().size();
    assertEquals(new AccountOutcome.Ok(), join(service.requestPasswordReset("nobody@example.com")));
    assertEquals(before, mails().size());
    assertEquals(new AccountOutcome.Ok(), join(service.requestPasswordReset("ann@example.com")));
    JsonNode mail = mails().get(mails().size() - 1);
    assertEquals("password-reset", mail.get("kind").asText());
    String token = tokenOf(mail);
    assertInstanceOf(
        AccountOutcome.Invalid.class, join(service.resetPassword(token, "password123")));
    assertEquals(
        new AccountOutcome.Ok(), join(service.resetPassword(token, "a brand new passphrase")));
    assertEquals(List.of(id.asString()), tokens.revokedAll);
    assertInstanceOf(
        AccountOutcome.Invalid.class, join(service.resetPassword(token, "yet another passphrase")));
    assertInstanceOf(
        AccountOutcome.SignedIn.class,
        join(service.signIn("ann@example.com", "a brand new passphrase", "ip")));
  }

  @Test
  void changePasswordChecksTheCurrentOneAndRevokesSessions() throws Exception {
    AccountId id = signedUpAndVerified("ann@example.com");
    assertInstanceOf(
        AccountOutcome.Unauthorized.class,
        join(service.changePassword(id, "not it at all", "a brand new passphrase")));
    assertInstanceOf(
        AccountOutcome.Invalid.class,
        join(service.changePassword(id, PASSWORD, "ann-is-great-123")));
    assertEquals(
        new AccountOutcome.Ok(),
        join(service.changePassword(id, PASSWORD, "a brand new passphrase")));
    assertEquals(List.of(id.asString()), tokens.revokedAll);
  }

  @Test
  void closingErasesTheAddressForGood() throws Exception {
    AccountId id = signedUpAndVerified("ann@example.com");
    var state =
        (AccountState.Active)
            ((AccountReply.Accepted) join(entities.ask(id, new AccountCommand.Get()))).state();
    assertEquals(new AccountOutcome.Ok(), join(service.close(id)));
    // The journal's sealed copy of the address can no longer be opened: the key is gone.
    assertEquals(Optional.empty(), join(vault.open(id, state.email())));
    assertEquals(new AccountOutcome.NotFound(), join(service.me(id)));
    assertEquals(0, index.size());
    assertEquals(List.of(id.asString()), tokens.revokedAll);
    assertInstanceOf(
        AccountOutcome.Unauthorized.class, join(service.signIn("ann@example.com", PASSWORD, "ip")));
    // The address is free for a new account.
    assertEquals(new AccountOutcome.Ok(), join(service.signUp("ann@example.com", PASSWORD)));
    assertEquals(1, index.size());
  }

  @Test
  void profilesOfTheAccount() throws Exception {
    AccountId id = signedUpAndVerified("ann@example.com");
    assertEquals(
        new AccountOutcome.Ok(),
        join(
            service.addProfile(
                id, new AccountService.ProfileInput("Kiddo", true, "G", "de", "1234"))));
    assertInstanceOf(
        AccountOutcome.Invalid.class,
        join(
            service.addProfile(
                id, new AccountService.ProfileInput("Teen", true, "R", null, null))));
    var ps = assertInstanceOf(AccountOutcome.Profiles.class, join(service.profiles(id))).profiles();
    assertEquals(2, ps.size());
    var kid = ps.get(1);
    assertEquals("Kiddo", kid.name());
    assertTrue(kid.hasPin());
    assertEquals(
        new AccountOutcome.Ok(),
        join(
            service.updateProfile(
                id,
                kid.profileId(),
                new AccountService.ProfileInput("Kid", null, "PG", null, null))));
    // Another account's profile id is simply not found.
    AccountId other = signedUpAndVerified("bob@example.com");
    assertEquals(
        new AccountOutcome.NotFound(),
        join(
            service.updateProfile(
                other,
                kid.profileId(),
                new AccountService.ProfileInput("x", null, null, null, null))));
    assertEquals(
        new AccountOutcome.NotFound(), join(service.removeProfile(other, kid.profileId())));
    assertEquals(new AccountOutcome.Ok(), join(service.removeProfile(id, kid.profileId())));
    assertInstanceOf(AccountOutcome.Conflict.class, join(service.removeProfile(id, "main")));
  }
}

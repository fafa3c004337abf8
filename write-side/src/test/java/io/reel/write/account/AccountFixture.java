package io.reel.write.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.account.AccountId;
import io.reel.domain.billing.SubscriptionCommand;
import io.reel.domain.billing.SubscriptionState;
import io.reel.origin.keys.MasterKey;
import io.reel.write.billing.SubscriptionGateway;
import io.reel.write.billing.SubscriptionReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The account use cases wired as the node wires them, on in-memory stores, the domain rules folded
 * over a map, fake tokens and a mail file; Argon2 runs on the calling thread.
 */
final class AccountFixture {

  static final String PASSWORD = "violet tram 42 umbrella";

  final AccountPiecesTest.MutableClock clock = new AccountPiecesTest.MutableClock();
  final MasterKey master = MasterKey.parse(MasterKey.generateBase64());
  final InMemoryEmailIndex index = new InMemoryEmailIndex();
  final InMemoryPersonalDataVault vault = new InMemoryPersonalDataVault(master);
  final AccountEntities entities = AccountEntities.inMemory(clock);
  final FakeTokens tokens = new FakeTokens();
  final PasswordHasher hasher = new PasswordHasher(64, 1, 1);
  final Path outbox;
  final SignInThrottle throttle;

  final SignUp signUp;
  final SignIn signIn;
  final Passwords passwords;
  final Profiles profiles;
  final MyAccount myAccount;

  /**
   * @param outbox the mail file
   * @param throttleFreeFailures failed sign-ins before the throttle steps in
   * @param lastId account ids are handed out after this one
   */
  AccountFixture(Path outbox, int throttleFreeFailures, long lastId) {
    this(outbox, throttleFreeFailures, lastId, Runnable::run);
  }

  /**
   * @param hashing where Argon2 runs (the calling thread unless a test gives a bounded pool)
   */
  AccountFixture(Path outbox, int throttleFreeFailures, long lastId, Executor hashing) {
    this.outbox = outbox;
    AtomicLong ids = new AtomicLong(lastId);
    AccountSettings settings =
        new AccountSettings(
            4,
            Duration.ofSeconds(5),
            Optional.empty(),
            64,
            1,
            1,
            new HashingPool.Settings(1, 1, Duration.ofSeconds(1)),
            throttleSettings(throttleFreeFailures),
            Duration.ofHours(48),
            Duration.ofHours(1),
            "https://reel.example",
            outbox.toString());
    throttle = SignInThrottle.local(settings.throttle(), clock);
    AccountUseCases all =
        AccountUseCases.of(
            new AccountUseCases.Parts(
                entities,
                () -> new AccountId(ids.incrementAndGet()),
                new EmailHasher(master),
                index,
                vault,
                hasher,
                PasswordPolicy.bundled(),
                throttle,
                new FileMailer(outbox, clock),
                tokens,
                settings,
                clock,
                hashing,
                subscriptions));
    signUp = all.signUp();
    signIn = all.signIn();
    passwords = all.passwords();
    profiles = all.profiles();
    myAccount = all.myAccount();
  }

  /** Subscription commands sent by the use cases, by account id, in order. */
  final java.util.Map<String, List<SubscriptionCommand>> subscriptionCommands =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final SubscriptionGateway subscriptions =
      (accountId, command) -> {
        subscriptionCommands
            .computeIfAbsent(accountId, a -> new java.util.concurrent.CopyOnWriteArrayList<>())
            .add(command);
        return java.util.concurrent.CompletableFuture.completedFuture(
            new SubscriptionReply.Accepted(SubscriptionState.NONE, 0));
      };

  /** The node's defaults, with the per (account, client) allowance the test asks for. */
  static SignInThrottle.Settings throttleSettings(int freeFailures) {
    return new SignInThrottle.Settings(
        freeFailures,
        20,
        10,
        Duration.ofSeconds(1),
        Duration.ofMinutes(15),
        1000,
        1000,
        Duration.ofSeconds(30),
        Duration.ofSeconds(3));
  }

  AccountUseCases useCases() {
    return new AccountUseCases(signUp, signIn, passwords, profiles, myAccount);
  }

  static <T> T join(CompletionStage<T> s) {
    return s.toCompletableFuture().join();
  }

  List<JsonNode> mails() throws Exception {
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

  static String tokenOf(JsonNode mail) {
    String link = mail.get("link").asText();
    return link.substring(link.indexOf("token=") + 6);
  }

  AccountId signedUpAndVerified(String email) throws Exception {
    assertInstanceOf(AccountOutcome.Ok.class, join(signUp.signUp(email, PASSWORD)));
    JsonNode mail = mails().get(mails().size() - 1);
    assertEquals("verify-email", mail.get("kind").asText());
    assertInstanceOf(AccountOutcome.Ok.class, join(signUp.verifyEmail(tokenOf(mail))));
    return AccountId.of(mail.get("accountId").asText());
  }
}

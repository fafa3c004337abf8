package io.reel.write.account;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.reel.domain.account.AccountId;
import io.reel.domain.billing.BillingDueStore;
import io.reel.http.auth.AccessTokens;
import io.reel.origin.keys.MasterKey;
import io.reel.write.audit.CassandraOperatorAudit;
import io.reel.write.audit.OperatorAudit;
import io.reel.write.auth.AuthSettings;
import io.reel.write.auth.CassandraRefreshTokenStore;
import io.reel.write.auth.CassandraSigningKeyStore;
import io.reel.write.auth.JwtTokens;
import io.reel.write.auth.SigningKeys;
import io.reel.write.auth.TokenRoutes;
import io.reel.write.auth.Tokens;
import io.reel.write.billing.BillingRunner;
import io.reel.write.billing.BillingScheduler;
import io.reel.write.billing.BillingSettings;
import io.reel.write.billing.SimulatedPaymentProvider;
import io.reel.write.billing.SubscriptionEntity;
import io.reel.write.billing.SubscriptionRoutes;
import io.reel.write.billing.SubscriptionService;
import io.reel.write.playback.DeviceNames;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts on a node with the {@code write} role: the account entities and their use cases, sign-in
 * tokens (ES256 JWTs with rotated keys, rotating refresh tokens), subscriptions and the billing
 * scheduler (a cluster singleton). Returns the account, token and subscription routes and what
 * playback needs from accounts (profiles, access tokens).
 */
public final class Accounts {

  /**
   * {@code reel.accounts}, {@code reel.auth}, {@code reel.billing} and the master key, read once.
   */
  public record Settings(
      AuthSettings auth,
      AccountSettings accounts,
      BillingSettings billing,
      String masterKey,
      String simulatedPayments,
      long maxJsonBodyBytes,
      Optional<String> operatorEmail,
      Path operatorPasswordFile) {

    public static Settings fromConfig(Config root) {
      return new Settings(
          AuthSettings.fromConfig(root),
          AccountSettings.fromConfig(root),
          BillingSettings.fromConfig(root),
          root.getString("reel.keys.master-key"),
          root.getString("reel.billing.simulator.outcome"),
          root.getBytes("reel.http.max-json-body-bytes"),
          Optional.of(root.getString("reel.operators.bootstrap-email")).filter(e -> !e.isBlank()),
          Path.of(root.getString("reel.operators.password-file")));
    }

    @Override
    public String toString() {
      return "Accounts.Settings[auth="
          + auth
          + ", accounts="
          + accounts
          + ", billing="
          + billing
          + "]";
    }
  }

  /**
   * Where accounts keep their data and what they get from elsewhere: the billing-due schedule is a
   * read model the projections keep (the scheduler only reads it, through this port).
   */
  public record Dependencies(
      CqlSession session,
      String keyspace,
      Supplier<Long> ids,
      ObjectMapper mapper,
      BillingDueStore billingDue,
      Clock clock) {}

  /**
   * What accounts hand to the rest of the node. {@code adminRoutes} are the operator-management
   * routes under {@code /admin}: the node puts them behind its admin gate with the other admin
   * routes.
   */
  public record Running(
      List<Route> routes,
      Route adminRoutes,
      AccountUseCases accounts,
      Tokens tokens,
      OperatorAudit audit,
      DeviceNames deviceNames,
      Operators operators) {}

  private static final Logger log = LoggerFactory.getLogger(Accounts.class);

  private Accounts() {}

  /**
   * Access-token checking only, for a node that serves no account routes (the read role): the
   * signing keys' public halves and the sign-in sessions, from Cassandra. It never issues a token.
   */
  public static AccessTokens verifier(
      ActorSystem<?> system, Settings settings, CqlSession session, String keyspace, Clock clock) {
    AuthSettings auth = settings.auth();
    SigningKeys keys =
        new SigningKeys(
            new CassandraSigningKeyStore(session, keyspace, MasterKey.parse(settings.masterKey())),
            auth,
            clock);
    keys.start(system);
    return new JwtTokens(
        auth, keys, new CassandraRefreshTokenStore(session, keyspace, auth, clock), clock);
  }

  public static Running init(ActorSystem<?> system, Settings settings, Dependencies deps) {
    Clock clock = deps.clock();
    CqlSession session = deps.session();
    String keyspace = deps.keyspace();
    Supplier<Long> ids = deps.ids();
    ObjectMapper mapper = deps.mapper();
    MasterKey master = MasterKey.parse(settings.masterKey());

    AuthSettings auth = settings.auth();
    SigningKeys keys =
        new SigningKeys(new CassandraSigningKeyStore(session, keyspace, master), auth, clock);
    keys.start(system);
    BillingSettings billing = settings.billing();
    SubscriptionEntity.init(system, billing);
    SubscriptionService subscriptions = new SubscriptionService(system, billing);

    AccountSettings accounts = settings.accounts();
    AccountEntity.init(system, accounts);
    AccountEntities entities = AccountEntities.sharded(system, accounts);
    Tokens tokens =
        new JwtTokens(
            auth,
            keys,
            new CassandraRefreshTokenStore(session, keyspace, auth, clock),
            clock,
            Operators.roles(entities));
    EmailHasher emailHasher = new EmailHasher(master);
    PersonalDataVault vault = new CassandraPersonalDataVault(session, keyspace, master);
    EmailIndex emailIndex = new CassandraEmailIndex(session, keyspace);
    AccountUseCases service =
        AccountUseCases.of(
            new AccountUseCases.Parts(
                entities,
                () -> new AccountId(ids.get()),
                emailHasher,
                emailIndex,
                vault,
                PasswordHasher.fromSettings(accounts),
                PasswordPolicy.bundled(),
                SignInThrottle.sharded(system, accounts.throttle(), accounts.role()),
                new FileMailer(Path.of(accounts.mailFile()), clock),
                tokens,
                accounts,
                clock,
                HashingPool.forSystem(system, accounts.hashing()),
                subscriptions));
    long maxJson = settings.maxJsonBodyBytes();

    // One machine: the simulated provider. A real one implements PaymentProvider.
    BillingRunner runner =
        new BillingRunner(
            new SimulatedPaymentProvider()
                .otherwise(
                    SimulatedPaymentProvider.Step.valueOf(
                        settings.simulatedPayments().toUpperCase(Locale.ROOT).replace('-', '_'))),
            subscriptions,
            clock,
            billing.timeoutRetries(),
            billing.timeoutRetryDelay());
    new BillingScheduler(deps.billingDue(), subscriptions, runner, clock)
        .startSingleton(system, billing);

    Operators operators =
        new Operators(entities, emailHasher, emailIndex, service.signUp(), tokens);
    settings
        .operatorEmail()
        .ifPresent(
            email ->
                operators
                    .bootstrap(
                        email,
                        settings.operatorPasswordFile(),
                        system.dispatchers().lookup(DispatcherSelector.blocking()))
                    .whenComplete(
                        (id, e) -> {
                          if (e != null) {
                            log.error(
                                "the first operator {} was not created: {}", email, e.toString());
                          }
                        }));
    OperatorAudit audit = new CassandraOperatorAudit(session, keyspace);

    return new Running(
        List.of(
            new AccountRoutes(service, tokens, mapper, maxJson).routes(),
            new TokenRoutes(tokens, keys, mapper, auth.maxBodyBytes()).routes(),
            new SubscriptionRoutes(
                    subscriptions, tokens, mapper, clock, billing.trialDays(), maxJson)
                .routes()),
        new OperatorRoutes(operators, audit, tokens, mapper, maxJson).routes(),
        service,
        tokens,
        audit,
        new VaultDeviceNames(vault),
        operators);
  }
}

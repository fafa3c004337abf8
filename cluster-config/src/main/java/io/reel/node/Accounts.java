package io.reel.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.reel.domain.account.AccountId;
import io.reel.domain.billing.SubscriptionTags;
import io.reel.origin.keys.MasterKey;
import io.reel.projections.BillingProjections;
import io.reel.projections.ProjectionSettings;
import io.reel.projections.billing.CassandraBillingDueStore;
import io.reel.write.account.AccountEntities;
import io.reel.write.account.AccountEntity;
import io.reel.write.account.AccountRoutes;
import io.reel.write.account.AccountService;
import io.reel.write.account.AccountSettings;
import io.reel.write.account.CassandraEmailIndex;
import io.reel.write.account.CassandraPersonalDataVault;
import io.reel.write.account.EmailHasher;
import io.reel.write.account.FileMailer;
import io.reel.write.account.PasswordHasher;
import io.reel.write.account.PasswordPolicy;
import io.reel.write.account.SignInThrottle;
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
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Accounts, sign-in tokens, subscriptions and billing on a node with the {@code write} role; the
 * entitlement and billing-due projections on a node with the {@code projection} role. Kept out of
 * {@link Node} so the node stays a list of role decisions.
 */
final class Accounts {

  private Accounts() {}

  /** What the write side of accounts hands to the rest of the node. */
  record WriteSide(List<Route> routes, AccountService accounts, Tokens tokens) {}

  /** The account, token and subscription routes, with their entities and the billing scheduler. */
  static WriteSide startWriteSide(
      ActorSystem<?> system,
      Config config,
      CqlSession session,
      String keyspace,
      Supplier<Long> ids,
      ObjectMapper mapper) {
    Clock clock = Clock.systemUTC();
    MasterKey master = MasterKey.parse(config.getString("reel.keys.master-key"));
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());

    AuthSettings auth = AuthSettings.fromConfig(config);
    SigningKeys keys =
        new SigningKeys(new CassandraSigningKeyStore(session, keyspace, master), auth, clock);
    keys.start(system);
    Tokens tokens =
        new JwtTokens(
            auth, keys, new CassandraRefreshTokenStore(session, keyspace, auth, clock), clock);

    AccountSettings accounts = AccountSettings.fromConfig(config);
    AccountEntity.init(system, accounts);
    AccountService service =
        new AccountService(
            AccountEntities.sharded(system, accounts),
            () -> new AccountId(ids.get()),
            new EmailHasher(master),
            new CassandraEmailIndex(session, keyspace),
            new CassandraPersonalDataVault(session, keyspace, master),
            PasswordHasher.fromSettings(accounts),
            PasswordPolicy.bundled(),
            SignInThrottle.fromSettings(accounts, clock),
            new FileMailer(Path.of(accounts.mailFile()), clock),
            tokens,
            accounts,
            clock,
            blocking);
    long maxJson = config.getBytes("reel.http.max-json-body-bytes");

    BillingSettings billing = BillingSettings.fromConfig(config);
    SubscriptionEntity.init(system, billing);
    SubscriptionService subscriptions = new SubscriptionService(system, billing);
    // One machine: the simulated provider. A real one implements PaymentProvider.
    BillingRunner runner =
        new BillingRunner(
            new SimulatedPaymentProvider()
                .otherwise(
                    SimulatedPaymentProvider.Step.valueOf(
                        config
                            .getString("reel.billing.simulator.outcome")
                            .toUpperCase(java.util.Locale.ROOT)
                            .replace('-', '_'))),
            subscriptions,
            clock,
            billing.timeoutRetries(),
            billing.timeoutRetryDelay());
    new BillingScheduler(
            new CassandraBillingDueStore(session, keyspace, billing.dueLookbackDays()),
            subscriptions,
            runner,
            clock)
        .startSingleton(system, billing);

    return new WriteSide(
        List.of(
            new AccountRoutes(service, tokens, mapper, maxJson).routes(),
            new TokenRoutes(tokens, keys, mapper, auth.maxBodyBytes()).routes(),
            new SubscriptionRoutes(
                    subscriptions, tokens, mapper, clock, billing.trialDays(), maxJson)
                .routes()),
        service,
        tokens);
  }

  static void startProjections(
      ActorSystem<?> system, Config config, ProjectionSettings settings, CqlSession session) {
    BillingSettings billing = BillingSettings.fromConfig(config);
    BillingProjections.init(
        system,
        settings,
        new SubscriptionTags(billing.tagCount()),
        session,
        new CassandraBillingDueStore(session, settings.keyspace(), billing.dueLookbackDays()));
  }
}

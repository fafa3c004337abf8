package io.reel.write.account;

import io.reel.domain.account.AccountId;
import io.reel.write.auth.Tokens;
import io.reel.write.billing.SubscriptionGateway;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** The account use cases, grouped for the routes and for the node that wires them. */
public record AccountUseCases(
    SignUp signUp, SignIn signIn, Passwords passwords, Profiles profiles, MyAccount myAccount) {

  /**
   * What the use cases are built from. One {@link SignInThrottle} serves sign-in and password
   * change: both are password guesses.
   */
  public record Parts(
      AccountEntities entities,
      Supplier<AccountId> ids,
      EmailHasher emailHasher,
      EmailIndex index,
      PersonalDataVault vault,
      PasswordHasher hasher,
      PasswordPolicy policy,
      SignInThrottle throttle,
      Mailer mailer,
      Tokens tokens,
      AccountSettings settings,
      Clock clock,
      Executor blocking,
      SubscriptionGateway subscriptions) {}

  /** Each use case gets only the parts it needs. */
  public static AccountUseCases of(Parts p) {
    return new AccountUseCases(
        new SignUp(
            p.entities(),
            p.ids(),
            p.emailHasher(),
            p.index(),
            p.vault(),
            p.hasher(),
            p.policy(),
            p.mailer(),
            p.settings(),
            p.clock(),
            p.blocking()),
        new SignIn(
            p.entities(),
            p.emailHasher(),
            p.index(),
            p.hasher(),
            p.throttle(),
            p.tokens(),
            p.blocking()),
        new Passwords(
            p.entities(),
            p.emailHasher(),
            p.index(),
            p.vault(),
            p.hasher(),
            p.policy(),
            p.throttle(),
            p.mailer(),
            p.tokens(),
            p.settings(),
            p.clock(),
            p.blocking()),
        new Profiles(p.entities(), p.vault(), p.hasher(), p.blocking(), p.throttle()),
        new MyAccount(
            p.entities(),
            p.vault(),
            p.index(),
            p.tokens(),
            p.subscriptions(),
            p.emailHasher(),
            p.clock()));
  }
}

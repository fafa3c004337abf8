package io.reel.write.account;

import io.reel.domain.CborSerializable;
import io.reel.domain.account.Account;
import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountEvent;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.domain.account.AccountTags;
import io.reel.write.entity.Decisions;
import io.reel.write.entity.HomeRegion;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/** An account as a sharded, event-sourced entity: a thin adapter around {@link Account}. */
public final class AccountEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        AccountEntity.Command, AccountEvent, AccountState> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Account");

  public sealed interface Command extends CborSerializable {}

  public record Handle(AccountCommand command, ActorRef<AccountReply> replyTo) implements Command {}

  private final AccountId accountId;
  private final int tagCount;
  private final Clock clock;

  private AccountEntity(AccountId accountId, int tagCount, Clock clock) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), accountId.asString()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.accountId = accountId;
    this.tagCount = tagCount;
    this.clock = clock;
  }

  public static Behavior<Command> create(AccountId accountId, int tagCount, Clock clock) {
    return new AccountEntity(accountId, tagCount, clock);
  }

  public static void init(ActorSystem<?> system, AccountSettings settings) {
    Entity<Command, ShardingEnvelope<Command>> entity =
        Entity.of(
            ENTITY_KEY,
            ctx -> create(AccountId.of(ctx.getEntityId()), settings.tagCount(), Clock.systemUTC()));
    HomeRegion.init(system, entity, settings.role());
  }

  /** {@code account-0..N-1} by a stable hash of the id, so one account's events stay in order. */
  public static String tagFor(AccountId id, int tagCount) {
    return new AccountTags(tagCount).tagFor(id);
  }

  @Override
  public AccountState emptyState() {
    return AccountState.EMPTY;
  }

  @Override
  public CommandHandlerWithReply<Command, AccountEvent, AccountState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Handle.class, this::onHandle)
        .build();
  }

  private ReplyEffect<AccountEvent, AccountState> onHandle(AccountState state, Handle cmd) {
    return Decisions.reply(
        Effect(),
        Account.decide(accountId, state, cmd.command(), clock.instant()),
        cmd.replyTo(),
        state,
        AccountReply.Accepted::new,
        AccountReply.Rejected::new);
  }

  @Override
  public EventHandler<AccountState, AccountEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Account::evolve);
  }

  @Override
  public Set<String> tagsFor(AccountEvent event) {
    return Set.of(tagFor(event.accountId(), tagCount));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }
}

package io.reel.write.billing;

import io.reel.domain.CborSerializable;
import io.reel.domain.billing.SubscriptionCommand;
import io.reel.domain.billing.SubscriptionEvent;
import io.reel.domain.billing.SubscriptionState;
import io.reel.domain.billing.SubscriptionTags;
import io.reel.domain.billing.Subscriptions;
import io.reel.write.entity.Decisions;
import io.reel.write.entity.HomeRegion;
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

/** An account's subscription as a sharded, event-sourced entity: a thin adapter. */
public final class SubscriptionEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        SubscriptionEntity.Command, SubscriptionEvent, SubscriptionState> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Subscription");

  public sealed interface Command extends CborSerializable {}

  public record Handle(SubscriptionCommand command, ActorRef<SubscriptionReply> replyTo)
      implements Command {}

  private final String accountId;
  private final SubscriptionTags tags;

  private SubscriptionEntity(String accountId, SubscriptionTags tags) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), accountId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.accountId = accountId;
    this.tags = tags;
  }

  public static Behavior<Command> create(String accountId, SubscriptionTags tags) {
    return new SubscriptionEntity(accountId, tags);
  }

  public static void init(ActorSystem<?> system, BillingSettings settings) {
    SubscriptionTags tags = new SubscriptionTags(settings.tagCount());
    Entity<Command, ShardingEnvelope<Command>> entity =
        Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), tags));
    HomeRegion.init(system, entity, settings.role());
  }

  @Override
  public SubscriptionState emptyState() {
    return SubscriptionState.NONE;
  }

  @Override
  public CommandHandlerWithReply<Command, SubscriptionEvent, SubscriptionState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Handle.class, this::onHandle)
        .build();
  }

  private ReplyEffect<SubscriptionEvent, SubscriptionState> onHandle(
      SubscriptionState state, Handle cmd) {
    return Decisions.reply(
        Effect(),
        Subscriptions.decide(accountId, state, cmd.command()),
        cmd.replyTo(),
        state,
        SubscriptionReply.Accepted::new,
        SubscriptionReply.Rejected::new);
  }

  @Override
  public EventHandler<SubscriptionState, SubscriptionEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Subscriptions::evolve);
  }

  @Override
  public Set<String> tagsFor(SubscriptionEvent event) {
    return Set.of(tags.tagFor(event.accountId()));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }
}

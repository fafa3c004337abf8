package io.reel.write.title;

import io.reel.domain.CborSerializable;
import io.reel.domain.title.Title;
import io.reel.domain.title.TitleCommand;
import io.reel.domain.title.TitleEvent;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleState;
import io.reel.domain.title.TitleTags;
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

/** A title as a sharded, event-sourced entity: a thin adapter around {@link Title}. */
public final class TitleEntity
    extends EventSourcedBehaviorWithEnforcedReplies<TitleEntity.Command, TitleEvent, TitleState> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Title");

  public sealed interface Command extends CborSerializable {}

  public record Handle(TitleCommand command, ActorRef<TitleReply> replyTo) implements Command {}

  private final TitleId titleId;
  private final TitleTags tags;
  private final Clock clock;

  private TitleEntity(TitleId titleId, TitleTags tags, Clock clock) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), titleId.asString()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.titleId = titleId;
    this.tags = tags;
    this.clock = clock;
  }

  public static Behavior<Command> create(TitleId titleId, TitleTags tags, Clock clock) {
    return new TitleEntity(titleId, tags, clock);
  }

  public static void init(ActorSystem<?> system, TitleSettings settings) {
    TitleTags tags = new TitleTags(settings.tagCount());
    Entity<Command, ShardingEnvelope<Command>> entity =
        Entity.of(
            ENTITY_KEY, ctx -> create(TitleId.of(ctx.getEntityId()), tags, Clock.systemUTC()));
    HomeRegion.init(system, entity, settings.role());
  }

  @Override
  public TitleState emptyState() {
    return TitleState.EMPTY;
  }

  @Override
  public CommandHandlerWithReply<Command, TitleEvent, TitleState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Handle.class, this::onHandle)
        .build();
  }

  private ReplyEffect<TitleEvent, TitleState> onHandle(TitleState state, Handle cmd) {
    return Decisions.reply(
        Effect(),
        Title.decide(titleId, state, cmd.command(), clock.instant()),
        cmd.replyTo(),
        state,
        TitleReply.Accepted::new,
        TitleReply.Rejected::new);
  }

  @Override
  public EventHandler<TitleState, TitleEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Title::evolve);
  }

  @Override
  public Set<String> tagsFor(TitleEvent event) {
    return Set.of(tags.tagFor(event.titleId()));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }
}

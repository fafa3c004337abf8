package io.reel.write.playback;

import io.reel.domain.CborSerializable;
import io.reel.domain.Decision;
import io.reel.domain.playback.Beat;
import io.reel.domain.playback.Playback;
import io.reel.domain.playback.PlaybackCommand;
import io.reel.domain.playback.PlaybackEvent;
import io.reel.domain.playback.PlaybackState;
import io.reel.domain.playback.PlaybackTags;
import io.reel.write.entity.Decisions;
import io.reel.write.entity.HomeRegion;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * An account's playback as a sharded, event-sourced entity. One entity per account sees every
 * device of the account, so the stream limit and the resume position need no cross-entity
 * coordination. The latest heartbeat of each session lives only in memory ({@code beats}); the
 * domain decides when a position is worth an event.
 */
public final class PlaybackEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        PlaybackEntity.Command, PlaybackEvent, PlaybackState> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Playback");

  public sealed interface Command extends CborSerializable {}

  public record Handle(PlaybackCommand command, ActorRef<PlaybackReply> replyTo)
      implements Command {}

  /** Periodic: ends sessions that went quiet, freeing their stream slots. */
  private record ExpireTick() implements Command {}

  private final String accountId;
  private final PlaybackSettings settings;
  private final PlaybackTags tags;
  private final Clock clock;
  private final Map<String, Beat> beats = new HashMap<>();

  private PlaybackEntity(String accountId, PlaybackSettings settings, Clock clock) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), accountId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.accountId = accountId;
    this.settings = settings;
    this.tags = settings.tags();
    this.clock = clock;
  }

  public static Behavior<Command> create(String accountId, PlaybackSettings settings, Clock clock) {
    Duration every = settings.rules().sessionTimeout().dividedBy(2);
    return Behaviors.withTimers(
        timers -> {
          timers.startTimerWithFixedDelay(new ExpireTick(), every);
          return new PlaybackEntity(accountId, settings, clock);
        });
  }

  public static void init(ActorSystem<?> system, PlaybackSettings settings, Clock clock) {
    Entity<Command, ShardingEnvelope<Command>> entity =
        Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, clock));
    HomeRegion.init(system, entity, settings.role());
  }

  @Override
  public PlaybackState emptyState() {
    return PlaybackState.EMPTY;
  }

  @Override
  public CommandHandlerWithReply<Command, PlaybackEvent, PlaybackState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Handle.class, this::onHandle)
        .onCommand(ExpireTick.class, this::onTick)
        .build();
  }

  private ReplyEffect<PlaybackEvent, PlaybackState> onHandle(PlaybackState state, Handle cmd) {
    PlaybackCommand c = cmd.command();
    double resumeAt = resumeFor(state, c);
    Decision<PlaybackEvent> decision =
        Playback.decide(accountId, state, beats, c, settings.rules());
    if (decision instanceof Decision.Accepted<PlaybackEvent>
        && c instanceof PlaybackCommand.Heartbeat h) {
      beats.put(h.sessionId(), new Beat(h.positionSeconds(), h.now()));
    }
    return Decisions.reply(
        Effect(),
        decision,
        cmd.replyTo(),
        state,
        (next, persisted) -> new PlaybackReply.Accepted(next, resumeAt),
        PlaybackReply.Rejected::new,
        this::forgetEnded);
  }

  private ReplyEffect<PlaybackEvent, PlaybackState> onTick(PlaybackState state, ExpireTick tick) {
    if (state.sessions().isEmpty()) {
      return Effect().noReply();
    }
    Decision<PlaybackEvent> d =
        Playback.decide(
            accountId,
            state,
            beats,
            new PlaybackCommand.ExpireStale(clock.instant()),
            settings.rules());
    // ExpireStale is never rejected.
    List<PlaybackEvent> events = ((Decision.Accepted<PlaybackEvent>) d).events();
    if (events.isEmpty()) {
      return Effect().noReply();
    }
    return Effect().persist(events).thenRun(this::forgetEnded).thenNoReply();
  }

  private void forgetEnded(PlaybackState state) {
    beats.keySet().retainAll(state.sessions().keySet());
  }

  private double resumeFor(PlaybackState state, PlaybackCommand c) {
    if (c instanceof PlaybackCommand.Start s) {
      return Playback.resumePosition(state, beats, s.profileId(), s.titleId());
    }
    return 0;
  }

  @Override
  public EventHandler<PlaybackState, PlaybackEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Playback::evolve);
  }

  @Override
  public Set<String> tagsFor(PlaybackEvent event) {
    return Set.of(tags.tagFor(event.accountId()));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }
}

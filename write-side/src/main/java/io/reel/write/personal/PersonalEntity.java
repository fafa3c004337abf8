package io.reel.write.personal;

import io.reel.domain.CborSerializable;
import io.reel.domain.personal.Personal;
import io.reel.domain.personal.PersonalCommand;
import io.reel.domain.personal.PersonalEvent;
import io.reel.domain.personal.PersonalState;
import io.reel.domain.personal.PersonalTags;
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
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One profile's list and ratings as a sharded, event-sourced entity, keyed {@code
 * <account>:<profile>} (profile ids are unique within an account only). Small and per profile, so
 * it is the unit a later multi-region version replicates.
 */
public final class PersonalEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        PersonalEntity.Command, PersonalEvent, PersonalState> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Personal");

  public sealed interface Command extends CborSerializable {}

  public record Handle(PersonalCommand command, ActorRef<PersonalReply> replyTo)
      implements Command {}

  private final String accountId;
  private final String profileId;
  private final PersonalTags tags;

  private PersonalEntity(String entityId, PersonalTags tags) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    int colon = entityId.indexOf(':');
    this.accountId = entityId.substring(0, colon);
    this.profileId = entityId.substring(colon + 1);
    this.tags = tags;
  }

  /** The entity id of a profile. */
  public static String entityId(String accountId, String profileId) {
    return accountId + ":" + profileId;
  }

  public static Behavior<Command> create(String entityId, PersonalTags tags) {
    return new PersonalEntity(entityId, tags);
  }

  public static void init(ActorSystem<?> system, PersonalSettings settings) {
    Entity<Command, ShardingEnvelope<Command>> entity =
        Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings.tags()));
    HomeRegion.init(system, entity, settings.role());
  }

  @Override
  public PersonalState emptyState() {
    return PersonalState.EMPTY;
  }

  @Override
  public CommandHandlerWithReply<Command, PersonalEvent, PersonalState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(
            Handle.class,
            (state, cmd) ->
                Decisions.reply(
                    Effect(),
                    Personal.decide(accountId, profileId, state, cmd.command()),
                    cmd.replyTo(),
                    state,
                    (next, persisted) ->
                        cmd.command() instanceof PersonalCommand.Get
                            ? new PersonalReply.Accepted(next)
                            : new PersonalReply.Done(),
                    PersonalReply.Rejected::new))
        .build();
  }

  @Override
  public EventHandler<PersonalState, PersonalEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Personal::evolve);
  }

  @Override
  public Set<String> tagsFor(PersonalEvent event) {
    return Set.of(tags.tagFor(event.accountId()));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }
}

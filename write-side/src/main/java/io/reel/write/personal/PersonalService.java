package io.reel.write.personal;

import io.reel.domain.personal.PersonalCommand;
import io.reel.write.entity.EntityAsk;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/** The command API of profiles' lists and ratings: asks the sharded entity of the profile. */
public final class PersonalService {

  private final EntityAsk<PersonalCommand, PersonalReply> entities;

  public PersonalService(ActorSystem<?> system, PersonalSettings settings) {
    this.entities =
        EntityAsk.of(
            system, PersonalEntity.ENTITY_KEY, PersonalEntity.Handle::new, settings.askTimeout());
  }

  /** Completes exceptionally with a {@code TimeoutException} when the entity does not answer. */
  public CompletionStage<PersonalReply> ask(
      String accountId, String profileId, PersonalCommand command) {
    return entities.ask(PersonalEntity.entityId(accountId, profileId), command);
  }
}

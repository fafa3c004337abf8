package io.reel.write.account;

import io.reel.domain.Decision;
import io.reel.domain.account.Account;
import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountEvent;
import io.reel.domain.account.AccountId;
import io.reel.domain.account.AccountState;
import io.reel.write.entity.EntityAsk;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/** How the account use cases reach accounts: the sharded entities, or a map in tests. */
public interface AccountEntities {

  /** Completes exceptionally with a {@code TimeoutException} when the entity does not answer. */
  CompletionStage<AccountReply> ask(AccountId id, AccountCommand command);

  static AccountEntities sharded(ActorSystem<?> system, AccountSettings settings) {
    EntityAsk<AccountCommand, AccountReply> entities =
        EntityAsk.of(
            system, AccountEntity.ENTITY_KEY, AccountEntity.Handle::new, settings.askTimeout());
    return (id, command) -> entities.ask(id.asString(), command);
  }

  /** The same rules folded over a map, without actors or a journal: for use case tests. */
  static AccountEntities inMemory(Clock clock) {
    Map<AccountId, AccountState> states = new HashMap<>();
    return (id, command) -> {
      synchronized (states) {
        AccountState state = states.getOrDefault(id, AccountState.EMPTY);
        Decision<AccountEvent> d = Account.decide(id, state, command, clock.instant());
        if (d instanceof Decision.Rejected<AccountEvent> r) {
          return CompletableFuture.completedFuture(new AccountReply.Rejected(r.rejection()));
        }
        var events = ((Decision.Accepted<AccountEvent>) d).events();
        for (var e : events) {
          state = Account.evolve(state, e);
        }
        states.put(id, state);
        return CompletableFuture.completedFuture(new AccountReply.Accepted(state, events.size()));
      }
    };
  }
}

package io.reel.write.account;

import io.reel.domain.CborSerializable;
import io.reel.write.entity.HomeRegion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One sign-in throttle key as a sharded, non-persistent entity: an account ({@code a|<e-mail
 * hash>}) or a client ({@code c|<address>}). Sharding puts each key on exactly one node of the
 * cluster, so every node's sign-ins reserve and report against the same {@link ThrottleState}, one
 * message at a time (the reservation is atomic without a lock or a database round trip).
 *
 * <p>Nothing is persisted: a throttle is a brake, not a record. An entity passivates after {@code
 * max-delay} without messages, when everything it knew has expired anyway; a node that crashes
 * forgets the counts of the keys it hosted (their next attempts start afresh). Each node hosts at
 * most {@code max-keys} throttle entities (least recently used passivated first).
 */
final class SignInThrottleEntity {

  static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "SignInThrottle");

  sealed interface Command extends CborSerializable {}

  record Reserve(String client, String reservationId, ActorRef<Reserved> replyTo)
      implements Command {}

  record Report(String client, String reservationId, SignInThrottle.Outcome outcome)
      implements Command {}

  /** Zero when reserved, else milliseconds to wait. */
  record Reserved(long waitMillis) implements CborSerializable {}

  private SignInThrottleEntity() {}

  static Behavior<Command> create(String entityId, SignInThrottle.Settings settings, Clock clock) {
    ThrottleState.Kind kind =
        entityId.startsWith("a|") ? ThrottleState.Kind.ACCOUNT : ThrottleState.Kind.CLIENT;
    return Behaviors.setup(
        ctx -> {
          ThrottleState state = new ThrottleState(kind, settings);
          return Behaviors.receive(Command.class)
              .onMessage(
                  Reserve.class,
                  r -> {
                    Duration wait = state.reserve(r.client(), r.reservationId(), clock.instant());
                    r.replyTo().tell(new Reserved(wait.toMillis()));
                    return Behaviors.same();
                  })
              .onMessage(
                  Report.class,
                  r -> {
                    apply(state, r.client(), r.reservationId(), r.outcome(), clock.instant());
                    return Behaviors.same();
                  })
              .build();
        });
  }

  static void apply(
      ThrottleState state,
      String client,
      String reservationId,
      SignInThrottle.Outcome outcome,
      Instant now) {
    switch (outcome) {
      case FAILED -> state.failed(client, reservationId, now);
      case SUCCEEDED -> state.succeeded(client, reservationId, now);
      case RELEASED -> state.released(client, reservationId, now);
    }
  }

  static SignInThrottle init(
      ActorSystem<?> system, SignInThrottle.Settings settings, Optional<String> role) {
    ClusterShardingSettings base = ClusterShardingSettings.create(system);
    ClusterShardingSettings sharding =
        base.withPassivationStrategy(
            base.passivationStrategySettings()
                .withIdleEntityPassivation(settings.maxDelay())
                .withActiveEntityLimit(settings.maxKeys()));
    Entity<Command, ShardingEnvelope<Command>> entity =
        Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, Clock.systemUTC()))
            .withSettings(sharding);
    HomeRegion.init(system, entity, role);
    return new SignInThrottle() {
      @Override
      CompletionStage<Duration> reserveOn(
          ThrottleState.Kind kind, String key, String client, String reservationId) {
        return HomeRegion.entityRef(system, ENTITY_KEY, id(kind, key))
            .<Reserved>ask(
                replyTo -> new Reserve(client, reservationId, replyTo), settings.askTimeout())
            .thenApply(r -> Duration.ofMillis(r.waitMillis()));
      }

      @Override
      void report(
          ThrottleState.Kind kind,
          String key,
          String client,
          String reservationId,
          SignInThrottle.Outcome outcome) {
        HomeRegion.entityRef(system, ENTITY_KEY, id(kind, key))
            .tell(new Report(client, reservationId, outcome));
      }
    };
  }

  private static String id(ThrottleState.Kind kind, String key) {
    return (kind == ThrottleState.Kind.ACCOUNT ? "a|" : "c|") + key;
  }
}

package io.reel.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import io.reel.domain.account.AccountEvent;
import io.reel.projections.profiles.ProfileLimitsHandler;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The projection over account events: {@code profile_limits}, what the read side filters browse
 * answers by. One instance per tag {@code account-0..N-1}, offsets in Cassandra, at-least-once with
 * an idempotent handler.
 */
public final class AccountProjections {

  public static final String PROFILE_LIMITS = "profile-limits";

  private AccountProjections() {}

  public static void init(ActorSystem<?> system, ProjectionSettings settings, CqlSession session) {
    PerTag.<AccountEvent>start(
        system,
        settings.role(),
        settings.accountTags().all(),
        PROFILE_LIMITS,
        tag ->
            PerTag.atLeastOnce(
                system,
                PROFILE_LIMITS,
                tag,
                () -> new ProfileLimitsHandler(session, settings.keyspace())));
  }
}

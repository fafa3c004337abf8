package io.reel.projections.profiles;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.reel.domain.account.AccountEvent;
import io.reel.domain.account.Profile;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Account events into {@code profile_limits} (V012__profile_limits.cql): each profile's kids flag
 * and maturity limit, for the read side to filter what a profile is shown. Idempotent and order
 * proof: every write carries its event's sequence number as its Cassandra write timestamp, so a
 * replayed older event never overwrites what a newer one wrote.
 */
public final class ProfileLimitsHandler extends Handler<EventEnvelope<AccountEvent>> {

  private final CqlSession session;
  private final PreparedStatement upsert;
  private final PreparedStatement remove;
  private final PreparedStatement removeAccount;

  public ProfileLimitsHandler(CqlSession session, String keyspace) {
    this.session = session;
    this.upsert =
        session.prepare(
            "INSERT INTO "
                + keyspace
                + ".profile_limits (account_id, profile_id, kids, maturity_limit, seq_nr)"
                + " VALUES (?, ?, ?, ?, ?) USING TIMESTAMP ?");
    this.remove =
        session.prepare(
            "DELETE FROM "
                + keyspace
                + ".profile_limits USING TIMESTAMP ? WHERE account_id = ? AND profile_id = ?");
    this.removeAccount =
        session.prepare(
            "DELETE FROM " + keyspace + ".profile_limits USING TIMESTAMP ? WHERE account_id = ?");
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<AccountEvent> envelope) {
    AccountEvent event = envelope.event();
    String account = event.accountId().asString();
    // The write timestamp is the event's sequence number: a replayed older event loses to a newer
    // write, whatever order they arrive in (Cassandra keeps the highest timestamp).
    long ts = envelope.sequenceNr();
    List<CompletionStage<?>> writes;
    if (event instanceof AccountEvent.SignedUp e) {
      writes = List.of(save(account, e.firstProfile(), ts));
    } else if (event instanceof AccountEvent.ProfileAdded e) {
      writes = List.of(save(account, e.profile(), ts));
    } else if (event instanceof AccountEvent.ProfileUpdated e) {
      writes = List.of(save(account, e.profile(), ts));
    } else if (event instanceof AccountEvent.ProfileRemoved e) {
      writes = List.of(session.executeAsync(remove.bind(ts, account, e.profileId())));
    } else if (event instanceof AccountEvent.AccountClosed) {
      writes = List.of(session.executeAsync(removeAccount.bind(ts, account)));
    } else {
      writes = List.of();
    }
    return CompletableFuture.allOf(
            writes.stream()
                .map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new))
        .thenApply(v -> Done.getInstance());
  }

  private CompletionStage<?> save(String account, Profile p, long ts) {
    return session.executeAsync(
        upsert.bind(account, p.profileId(), p.kids(), p.maturityLimit().label(), ts, ts));
  }
}

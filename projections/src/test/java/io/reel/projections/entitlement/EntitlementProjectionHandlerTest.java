package io.reel.projections.entitlement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.billing.Entitlement;
import io.reel.domain.billing.Invoice;
import io.reel.domain.billing.SubscriptionEvent;
import io.reel.domain.billing.SubscriptionState;
import io.reel.domain.billing.Subscriptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.junit.jupiter.api.Test;

class EntitlementProjectionHandlerTest {

  private static final String ACC = "acc-7";
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant TRIAL_END = T0.plus(Duration.ofDays(14));
  private static final Instant P1_END = Subscriptions.periodEnd(TRIAL_END);
  private static final String INV = Invoice.idFor(ACC, TRIAL_END);

  private static final List<SubscriptionEvent> LIFE =
      List.of(
          new SubscriptionEvent.Started(ACC, "basic", TRIAL_END, T0),
          new SubscriptionEvent.PlanChangeScheduled(ACC, "basic", "premium", TRIAL_END, T0),
          new SubscriptionEvent.InvoiceIssued(
              ACC,
              new Invoice(INV, ACC, "premium", 1999, "EUR", TRIAL_END, P1_END, TRIAL_END),
              TRIAL_END),
          new SubscriptionEvent.InvoiceFailed(
              ACC, INV, 1, "declined", TRIAL_END.plus(Duration.ofDays(1)), TRIAL_END),
          new SubscriptionEvent.InvoicePaid(
              ACC, INV, 2, "ch-1", P1_END, TRIAL_END.plus(Duration.ofDays(1))),
          new SubscriptionEvent.CancelRequested(ACC, P1_END, TRIAL_END.plus(Duration.ofDays(2))),
          new SubscriptionEvent.Expired(ACC, "cancelled", P1_END));

  private static EventEnvelope<SubscriptionEvent> envelope(SubscriptionEvent e, long seqNr) {
    return EventEnvelope.create(
        Offset.sequence(seqNr), "Subscription|" + ACC, seqNr, e, e.occurredAt().toEpochMilli());
  }

  @Test
  void theRowFollowsTheEntitlementOfTheStateAfterEveryEvent() throws Exception {
    InMemoryEntitlementRepository repo = new InMemoryEntitlementRepository();
    EntitlementProjectionHandler handler = new EntitlementProjectionHandler(repo);
    SubscriptionState state = SubscriptionState.NONE;
    for (int i = 0; i < LIFE.size(); i++) {
      state = Subscriptions.evolve(state, LIFE.get(i));
      handler.process(envelope(LIFE.get(i), i + 1)).toCompletableFuture().get();
      assertEquals(
          Entitlement.of(state),
          repo.find(ACC).toCompletableFuture().get().orElseThrow().entitlement(),
          "after " + LIFE.get(i));
    }
  }

  @Test
  void replayingTheSameEnvelopesGivesTheSameRow() throws Exception {
    InMemoryEntitlementRepository repo = new InMemoryEntitlementRepository();
    EntitlementProjectionHandler handler = new EntitlementProjectionHandler(repo);
    for (int i = 0; i < 5; i++) {
      handler.process(envelope(LIFE.get(i), i + 1)).toCompletableFuture().get();
    }
    EntitlementRow once = repo.find(ACC).toCompletableFuture().get().orElseThrow();
    for (int i = 0; i < 5; i++) {
      handler.process(envelope(LIFE.get(i), i + 1)).toCompletableFuture().get();
    }
    assertEquals(once, repo.find(ACC).toCompletableFuture().get().orElseThrow());
    assertEquals(Entitlement.Status.ACTIVE, once.entitlement().status());
    assertEquals(4, once.entitlement().maxStreams());
  }

  @Test
  void queriesAnswerFromTheTable() throws Exception {
    InMemoryEntitlementRepository repo = new InMemoryEntitlementRepository();
    EntitlementProjectionHandler handler = new EntitlementProjectionHandler(repo);
    for (int i = 0; i < 6; i++) { // cancelled, paid through P1_END
      handler.process(envelope(LIFE.get(i), i + 1)).toCompletableFuture().get();
    }
    var before =
        new EntitlementQueries(repo, Clock.fixed(P1_END.minusSeconds(1), ZoneOffset.UTC))
            .access(ACC)
            .toCompletableFuture()
            .get();
    assertTrue(before.allowed());
    assertEquals(2160, before.maxHeight());
    var after =
        new EntitlementQueries(repo, Clock.fixed(P1_END, ZoneOffset.UTC))
            .access(ACC)
            .toCompletableFuture()
            .get();
    assertFalse(after.allowed());
    assertFalse(
        new EntitlementQueries(repo, Clock.fixed(T0, ZoneOffset.UTC))
            .access("nobody")
            .toCompletableFuture()
            .get()
            .allowed());
  }
}

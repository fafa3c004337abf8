package io.reel.projections.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reel.domain.billing.BillingDueStore.Due;
import io.reel.domain.billing.InMemoryBillingDueStore;
import io.reel.domain.billing.Invoice;
import io.reel.domain.billing.SubscriptionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingDueHandlerTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant FAR = T0.plus(Duration.ofDays(400));

  @Test
  void theEntryFollowsTheNextBillingMomentAndIsClearedOnExpiry() throws Exception {
    InMemoryBillingDueStore store = new InMemoryBillingDueStore();
    Instant trialEnd = T0.plus(Duration.ofDays(14));
    apply(store, new SubscriptionEvent.Started("a", "basic", trialEnd, T0));
    assertEquals(List.of(new Due("a", trialEnd)), store.dueAt(FAR).toCompletableFuture().get());
    assertEquals(List.of(), store.dueAt(T0).toCompletableFuture().get());

    Instant end = trialEnd.plus(Duration.ofDays(31));
    Invoice inv = new Invoice("i", "a", "basic", 699, "EUR", trialEnd, end, trialEnd);
    apply(store, new SubscriptionEvent.InvoiceIssued("a", inv, trialEnd));
    apply(store, new SubscriptionEvent.InvoicePaid("a", "i", 1, "c", end, trialEnd));
    apply(store, new SubscriptionEvent.InvoicePaid("a", "i", 1, "c", end, trialEnd)); // replay
    assertEquals(List.of(new Due("a", end)), store.dueAt(FAR).toCompletableFuture().get());

    apply(store, new SubscriptionEvent.Expired("a", "cancelled", end));
    assertEquals(List.of(), store.dueAt(FAR).toCompletableFuture().get());
  }

  private static void apply(InMemoryBillingDueStore store, SubscriptionEvent e) throws Exception {
    BillingDueHandler.apply(store, e).toCompletableFuture().get();
  }
}

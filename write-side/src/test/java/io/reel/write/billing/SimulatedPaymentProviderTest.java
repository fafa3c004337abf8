package io.reel.write.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.reel.write.billing.SimulatedPaymentProvider.Step;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class SimulatedPaymentProviderTest {

  @Test
  void sameKeyTwiceChargesOnce() throws Exception {
    SimulatedPaymentProvider p = new SimulatedPaymentProvider();
    var first = p.charge("inv-1", "acc", 1299, "EUR").toCompletableFuture().get();
    var second = p.charge("inv-1", "acc", 1299, "EUR").toCompletableFuture().get();
    assertEquals(first, second);
    assertEquals(1, p.charges().size());
    p.charge("inv-2", "acc", 1299, "EUR").toCompletableFuture().get();
    assertEquals(2, p.charges().size());
  }

  @Test
  void timeoutThatChargedThenRetryWithSameKeyIsExactlyOneCharge() throws Exception {
    SimulatedPaymentProvider p =
        new SimulatedPaymentProvider().script("acc", Step.TIMEOUT_AFTER_CHARGE);
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> p.charge("inv-1", "acc", 699, "EUR").toCompletableFuture().get());
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertEquals(1, p.charges().size());
    var retry = p.charge("inv-1", "acc", 699, "EUR").toCompletableFuture().get();
    assertEquals(
        p.charges().get(0).chargeId(),
        assertInstanceOf(PaymentProvider.Succeeded.class, retry).chargeId());
    assertEquals(1, p.charges().size());
  }

  @Test
  void declineIsScriptedPerAccountAndNotRemembered() throws Exception {
    SimulatedPaymentProvider p = new SimulatedPaymentProvider().script("acc", Step.DECLINE);
    assertInstanceOf(
        PaymentProvider.Declined.class,
        p.charge("inv-1", "acc", 699, "EUR").toCompletableFuture().get());
    assertInstanceOf(
        PaymentProvider.Succeeded.class,
        p.charge("inv-1", "acc", 699, "EUR").toCompletableFuture().get());
    assertEquals(1, p.charges().size());
  }
}

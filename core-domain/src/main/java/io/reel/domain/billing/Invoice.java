package io.reel.domain.billing;

import io.reel.domain.CborSerializable;
import java.time.Instant;

/**
 * What an account owes for one period. The id is derived from the account and the period start, so
 * issuing the same period twice names the same invoice (see {@link #idFor}).
 */
public record Invoice(
    String invoiceId,
    String accountId,
    String planId,
    long amountMinor,
    String currency,
    Instant periodStart,
    Instant periodEnd,
    Instant issuedAt)
    implements CborSerializable {

  public static String idFor(String accountId, Instant periodStart) {
    return "inv-" + accountId + "-" + periodStart.getEpochSecond();
  }
}

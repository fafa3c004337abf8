package io.reel.domain.billing;

import io.reel.domain.CborSerializable;

/** An invoice with its outcome so far, as the account's invoice list shows it. */
public record InvoiceLine(Invoice invoice, Status status, int failedAttempts, String chargeId)
    implements CborSerializable {

  public enum Status {
    OPEN,
    PAID,
    FAILED
  }

  public InvoiceLine withStatus(Status s, int failed, String charge) {
    return new InvoiceLine(invoice, s, failed, charge);
  }
}

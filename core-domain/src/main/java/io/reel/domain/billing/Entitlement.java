package io.reel.domain.billing;

import io.reel.domain.CborSerializable;
import java.time.Duration;
import java.time.Instant;

/**
 * What an account may stream, derived from its subscription. Trial, Active, PastDue (grace) and
 * Cancelled (until the period end) are entitled; None and Expired are not.
 *
 * <p>{@code validUntil} is when the entitlement lapses if nothing else happens. For Trial, Active
 * and PastDue it is the next billing moment plus {@link #SETTLE_GRACE}, so a late billing tick or a
 * slow payment never locks a paying viewer out; the subscription itself ends only by an Expired
 * event. A cancelled subscription runs exactly to its period end.
 */
public record Entitlement(
    Status status, String planId, int maxStreams, int maxHeight, Instant validUntil)
    implements CborSerializable {

  public static final Duration SETTLE_GRACE = Duration.ofDays(1);

  public static final Entitlement NONE = new Entitlement(Status.NONE, null, 0, 0, null);

  public enum Status {
    NONE(false),
    TRIAL(true),
    ACTIVE(true),
    PAST_DUE(true),
    CANCELLED(true),
    EXPIRED(false);

    private final boolean entitled;

    Status(boolean entitled) {
      this.entitled = entitled;
    }

    public boolean entitled() {
      return entitled;
    }
  }

  /** May this account stream at {@code now}? */
  public boolean allows(Instant now) {
    return status.entitled() && validUntil != null && validUntil.isAfter(now);
  }

  public static Entitlement of(SubscriptionState state) {
    if (state instanceof SubscriptionState.Trial s) {
      return with(Status.TRIAL, s.planId(), s.trialEnd().plus(SETTLE_GRACE));
    }
    if (state instanceof SubscriptionState.Active s) {
      return with(Status.ACTIVE, s.planId(), s.paidThrough().plus(SETTLE_GRACE));
    }
    if (state instanceof SubscriptionState.PastDue s) {
      Instant due = s.nextRetryAt() != null ? s.nextRetryAt() : s.invoice().periodStart();
      return with(Status.PAST_DUE, s.planId(), due.plus(SETTLE_GRACE));
    }
    if (state instanceof SubscriptionState.Cancelled s) {
      return with(Status.CANCELLED, s.planId(), s.periodEnd());
    }
    if (state instanceof SubscriptionState.Expired s) {
      return new Entitlement(Status.EXPIRED, s.planId(), 0, 0, s.expiredAt());
    }
    return NONE;
  }

  /**
   * An entitlement of a phase that waits for billing at {@code dueAt} (Trial, Active, PastDue):
   * valid until then plus {@link #SETTLE_GRACE}. Shared with the entitlement projection.
   */
  public static Entitlement awaiting(Status status, String planId, Instant dueAt) {
    Plan plan = Plans.get(planId);
    return new Entitlement(
        status, planId, plan.maxStreams(), plan.maxHeight(), dueAt.plus(SETTLE_GRACE));
  }

  private static Entitlement with(Status status, String planId, Instant validUntil) {
    Plan plan = Plans.get(planId);
    return new Entitlement(status, planId, plan.maxStreams(), plan.maxHeight(), validUntil);
  }
}

package io.reel.domain.playback;

import io.reel.domain.account.Profile;
import io.reel.domain.billing.Entitlement;
import io.reel.domain.media.MediaPackage;
import io.reel.domain.media.Rendition;
import io.reel.domain.title.TitleState;
import java.time.Instant;

/**
 * "May this profile watch this title, and at what quality?": the subscription (plan active, its
 * stream and resolution limits), the profile's maturity limit against the title's rating, and the
 * title published with a package. Pure, so the play API and the licence server decide alike.
 */
public final class WatchPolicy {

  /** Why not; each maps to one HTTP status. */
  public enum Denial {
    NO_SUBSCRIPTION(402, "no active subscription: subscribe to a plan to watch"),
    NO_PROFILE(404, "no such profile on this account"),
    MATURITY(403, "this title's rating is above the profile's maturity limit"),
    NOT_AVAILABLE(404, "no such title, or it is not available to watch yet");

    public final int status;
    public final String message;

    Denial(int status, String message) {
      this.status = status;
      this.message = message;
    }
  }

  /**
   * The answer: {@code denial} null when allowed. {@code maxHeight} is the plan's limit capped by
   * the tallest rendition, so a player can tell what it will get.
   */
  public record Verdict(
      Denial denial, int maxStreams, int maxHeight, MediaPackage media, String titleName) {
    public boolean allowed() {
      return denial == null;
    }

    static Verdict deny(Denial d) {
      return new Verdict(d, 0, 0, null, null);
    }
  }

  private WatchPolicy() {}

  /**
   * @param profile the profile, or null when the account has none by that id
   * @param title the title's state (Empty when unknown)
   */
  public static Verdict decide(
      Entitlement entitlement, Instant now, Profile profile, TitleState title) {
    if (!(title instanceof TitleState.Live live) || !live.media().playable()) {
      return Verdict.deny(Denial.NOT_AVAILABLE);
    }
    if (profile == null) {
      return Verdict.deny(Denial.NO_PROFILE);
    }
    if (entitlement == null || !entitlement.allows(now)) {
      return Verdict.deny(Denial.NO_SUBSCRIPTION);
    }
    if (live.metadata().maturityRating().compareTo(profile.maturityLimit()) > 0) {
      return Verdict.deny(Denial.MATURITY);
    }
    MediaPackage media = live.media().current();
    int tallest = 0;
    for (Rendition r : media.renditions()) {
      if (r.height() <= entitlement.maxHeight()) {
        tallest = Math.max(tallest, r.height());
      }
    }
    if (tallest == 0) {
      // Every rung is above the plan: the smallest one still plays rather than nothing.
      tallest =
          media.renditions().stream()
              .filter(r -> r.height() > 0)
              .mapToInt(Rendition::height)
              .min()
              .orElse(0);
    }
    return new Verdict(null, entitlement.maxStreams(), tallest, media, live.metadata().title());
  }
}

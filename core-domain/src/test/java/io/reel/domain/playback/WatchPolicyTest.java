package io.reel.domain.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.reel.domain.account.Profile;
import io.reel.domain.account.Sealed;
import io.reel.domain.billing.Entitlement;
import io.reel.domain.media.MediaPackage;
import io.reel.domain.media.Rendition;
import io.reel.domain.media.TitleMedia;
import io.reel.domain.playback.WatchPolicy.Denial;
import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.TitleId;
import io.reel.domain.title.TitleMetadata;
import io.reel.domain.title.TitleState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchPolicyTest {

  private static final Instant NOW = Instant.parse("2026-12-01T20:00:00Z");
  private static final Entitlement STANDARD =
      Entitlement.awaiting(Entitlement.Status.ACTIVE, "standard", NOW.plusSeconds(86_400));
  private static final Profile ADULT = profile(false, MaturityRating.NR);
  private static final Profile KIDS = profile(true, MaturityRating.PG);

  private static Profile profile(boolean kids, MaturityRating limit) {
    return new Profile("p", Sealed.of(new byte[] {1}), kids, limit, null, null);
  }

  private static TitleState.Live live(MaturityRating rating, MediaPackage media) {
    return new TitleState.Live(
        new TitleId(7),
        new TitleMetadata("Film", 2001, "", List.of(), List.of(), rating),
        null,
        NOW,
        NOW,
        NOW,
        media == null ? TitleMedia.NONE : TitleMedia.NONE.packaged(media));
  }

  private static MediaPackage ladder(int... heights) {
    List<Rendition> r = new java.util.ArrayList<>();
    for (int h : heights) {
      r.add(Rendition.video("v" + h, h * 16 / 9, h, 30, h * 5, "avc1.64001f"));
    }
    r.add(Rendition.audio("a", 128, "mp4a.40.2"));
    return new MediaPackage(
        1, "packages/7/v1-a1", 60, r, "00", "master.m3u8", "manifest.mpd", null, null, NOW);
  }

  @Test
  void anEntitledProfileGetsThePlansQualityCappedByTheLadder() {
    WatchPolicy.Verdict v =
        WatchPolicy.decide(STANDARD, NOW, ADULT, live(MaturityRating.R, ladder(2160, 1080, 720)));
    assertNull(v.denial());
    assertEquals(1080, v.maxHeight());
    assertEquals(2, v.maxStreams());
    assertEquals(
        720,
        WatchPolicy.decide(STANDARD, NOW, ADULT, live(MaturityRating.G, ladder(720, 360)))
            .maxHeight());
  }

  @Test
  void kidsProfilesStopAtTheirMaturityLimit() {
    assertEquals(
        Denial.MATURITY,
        WatchPolicy.decide(STANDARD, NOW, KIDS, live(MaturityRating.PG_13, ladder(720))).denial());
    assertEquals(
        Denial.MATURITY,
        WatchPolicy.decide(STANDARD, NOW, KIDS, live(MaturityRating.NR, ladder(720))).denial());
    assertNull(
        WatchPolicy.decide(STANDARD, NOW, KIDS, live(MaturityRating.PG, ladder(720))).denial());
  }

  @Test
  void noSubscriptionNoProfileOrNoPackageIsRefused() {
    TitleState.Live ok = live(MaturityRating.G, ladder(720));
    assertEquals(
        Denial.NO_SUBSCRIPTION, WatchPolicy.decide(Entitlement.NONE, NOW, ADULT, ok).denial());
    assertEquals(
        Denial.NO_SUBSCRIPTION,
        WatchPolicy.decide(STANDARD, NOW.plusSeconds(10 * 86_400), ADULT, ok).denial(),
        "lapsed");
    assertEquals(Denial.NO_PROFILE, WatchPolicy.decide(STANDARD, NOW, null, ok).denial());
    assertEquals(
        Denial.NOT_AVAILABLE,
        WatchPolicy.decide(STANDARD, NOW, ADULT, live(MaturityRating.G, null)).denial());
    assertEquals(
        Denial.NOT_AVAILABLE, WatchPolicy.decide(STANDARD, NOW, ADULT, TitleState.EMPTY).denial());
  }
}

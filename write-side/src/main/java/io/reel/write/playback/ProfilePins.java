package io.reel.write.playback;

import java.util.concurrent.CompletionStage;

/**
 * A grown-up's profile PIN lets that profile play one title above its maturity limit. Checked by
 * the accounts module (Argon2, under the sign-in throttle keyed by the profile); kids profiles are
 * never unlocked this way.
 */
public interface ProfilePins {

  enum Result {
    UNLOCKED,
    REFUSED,
    THROTTLED
  }

  CompletionStage<Result> unlock(String accountId, String profileId, String pin, String client);
}

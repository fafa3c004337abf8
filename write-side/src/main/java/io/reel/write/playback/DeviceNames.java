package io.reel.write.playback;

import java.util.concurrent.CompletionStage;

/**
 * Device names are personal data ("Ann's iPhone"): the playback journal keeps them only sealed
 * under the account's data key, so closing the account erases them with every other personal field.
 * The accounts module implements this port with its vault.
 */
public interface DeviceNames {

  /** The stored form of a device name: sealed text, opaque to the playback rules. */
  CompletionStage<String> seal(String accountId, String name);

  /**
   * The name behind a stored form; a name stored before device names were sealed comes back as it
   * is, and one whose account key is gone as "a device".
   */
  CompletionStage<String> open(String accountId, String stored);
}

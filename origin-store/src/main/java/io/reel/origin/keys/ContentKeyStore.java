package io.reel.origin.keys;

import io.reel.domain.title.TitleId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Content keys: per package version and resolution tier (and, for packages made before tiers, one
 * per title). Reel generates them; they are stored only wrapped under the {@link MasterKey}.
 * Viewers get them through the licence endpoint (playback), never from here directly.
 */
public interface ContentKeyStore {

  /** The title's key, created on first use; concurrent first uses agree on one key. */
  CompletionStage<ContentKey> keyFor(TitleId title);

  /** The title's key if it exists and has this key id (32 hex digits). */
  CompletionStage<Optional<ContentKey>> find(TitleId title, String kidHex);

  /**
   * The keys of one package version, one per resolution tier, created on first use; every attempt
   * of that version (and concurrent workers) gets the same ones.
   */
  CompletionStage<PackageKeys> packageKeys(TitleId title, int packageVersion);

  /**
   * The keys a licence may release for one package version, each with its tier: the version's tier
   * keys, or, for a package made before keys per tier, the title's one key as the lowest tier (it
   * encrypts every rendition of such a package, so every entitled viewer needs it). Empty when the
   * title has neither.
   */
  CompletionStage<List<TierKey>> licenceKeys(TitleId title, int packageVersion);
}

package io.reel.origin.keys;

import io.reel.domain.title.TitleId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Per-title content keys. Reel generates them; they are stored only wrapped under the {@link
 * MasterKey}. Viewers get them through the licence endpoint (playback), never from here directly.
 */
public interface ContentKeyStore {

  /** The title's key, created on first use; concurrent first uses agree on one key. */
  CompletionStage<ContentKey> keyFor(TitleId title);

  /** The title's key if it exists and has this key id (32 hex digits). */
  CompletionStage<Optional<ContentKey>> find(TitleId title, String kidHex);
}

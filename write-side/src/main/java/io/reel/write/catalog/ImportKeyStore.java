package io.reel.write.catalog;

import io.reel.domain.title.TitleId;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Which title each imported catalog entry became, so that re-running an import finds the same
 * titles instead of creating duplicates.
 */
public interface ImportKeyStore {

  CompletionStage<Map<String, TitleId>> loadAll(String source);

  /** Must be durable before the title is created: a crash in between then reuses the id. */
  CompletionStage<Void> save(String source, String importKey, TitleId titleId);
}

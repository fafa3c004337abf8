package io.reel.write.auth;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** Where every node finds the signing keys. Small: one row per rotation still in retention. */
public interface SigningKeyStore {

  /** Every stored key, any order. */
  CompletionStage<List<SigningKey>> loadAll();

  /**
   * Stores the key if its generation is free; answers the key that holds the generation afterwards
   * (this one, or the one another node stored first).
   */
  CompletionStage<SigningKey> insertIfAbsent(SigningKey key);

  /** Forgets a retired key. Idempotent. */
  CompletionStage<Done> delete(long generation);
}

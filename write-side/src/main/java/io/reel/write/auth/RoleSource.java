package io.reel.write.auth;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The roles of an account when a token is issued or refreshed, so a granted or revoked role shows
 * in the next access token. Accounts answer it from their entity.
 */
@FunctionalInterface
public interface RoleSource {

  /** Every account is a plain viewer: for token tests and benchmarks that have no accounts. */
  RoleSource VIEWERS_ONLY = accountId -> CompletableFuture.completedFuture(Set.of());

  CompletionStage<Set<String>> rolesOf(String accountId);
}

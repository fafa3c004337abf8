package io.reel.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/** Readiness: the node answers only once it has a working Cassandra session (see {@link Node}). */
public final class CassandraReadinessCheck implements Supplier<CompletionStage<Boolean>> {

  private final ActorSystem system;

  public CassandraReadinessCheck(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    Node.Running node = Node.running(org.apache.pekko.actor.typed.javadsl.Adapter.toTyped(system));
    if (node == null) {
      return CompletableFuture.completedFuture(false);
    }
    return node.session()
        .executeAsync("SELECT release_version FROM system.local")
        .thenApply(rs -> rs.one() != null)
        .exceptionally(t -> false);
  }
}

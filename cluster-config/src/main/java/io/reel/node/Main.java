package io.reel.node;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** A Reel cluster node. What it runs is decided by its roles (see {@link Node}). */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "reel", NodeConfig.load());
    try {
      Node.start(system);
    } catch (RuntimeException e) {
      System.err.println("reel: " + e.getMessage());
      system.terminate();
      System.exit(1);
    }
  }
}

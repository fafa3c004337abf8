package io.reel.write.entity;

import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;

/**
 * Where single-writer state lives when Reel runs in several regions (Pekko data centres): every
 * entity and singleton of the write side runs in the home region ({@code reel.regions.home}) only.
 * A node of another region starts a sharding proxy (or a singleton proxy) to the home region
 * instead, so no entity, journal writer or scheduler ever runs twice. With one region the home is
 * that region and nothing changes. See {@code docs/regions.md}.
 */
public final class HomeRegion {

  public static final String CONFIG = "reel.regions.home";

  private HomeRegion() {}

  /** The home region's data centre name. */
  public static String of(ActorSystem<?> system) {
    return system.settings().config().getString(CONFIG);
  }

  /**
   * Starts sharding for {@code entity} on the nodes with {@code role} in the home region, or a
   * proxy to them on a node of another region.
   */
  public static <M> ActorRef<ShardingEnvelope<M>> init(
      ActorSystem<?> system, Entity<M, ShardingEnvelope<M>> entity, Optional<String> role) {
    Entity<M, ShardingEnvelope<M>> placed = role.map(entity::withRole).orElse(entity);
    // In the home region exactly as with one region (a node without the role gets Pekko's plain
    // proxy); elsewhere a proxy to the home region's shards.
    return ClusterSharding.get(system)
        .init(inHome(system) ? placed : placed.withDataCenter(of(system)));
  }

  /**
   * The entity {@code id} of {@code key}, in the home region: from a node of another region the
   * message goes through that region's proxy (a plain {@code entityRefFor} looks for a region of
   * the node's own data centre, which only the home region has).
   */
  public static <M> EntityRef<M> entityRef(ActorSystem<?> system, EntityTypeKey<M> key, String id) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return inHome(system)
        ? sharding.entityRefFor(key, id)
        : sharding.entityRefFor(key, id, of(system));
  }

  /** True on a node of the home region (always, with one region). */
  public static boolean inHome(ActorSystem<?> system) {
    return Cluster.get(system).selfMember().dataCenter().equals(of(system));
  }

  /** A singleton's settings: on {@code role} in the home region; a proxy elsewhere. */
  public static ClusterSingletonSettings singleton(ActorSystem<?> system, Optional<String> role) {
    ClusterSingletonSettings settings = ClusterSingletonSettings.create(system);
    if (!inHome(system)) {
      settings = settings.withDataCenter(of(system));
    }
    return role.map(settings::withRole).orElse(settings);
  }
}

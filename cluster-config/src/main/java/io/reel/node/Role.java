package io.reel.node;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a node can run, named as in {@code pekko.cluster.roles} ({@code REEL_ROLES}). A node runs
 * the union of its roles; every node can send commands to entities (sharding proxies reach the
 * nodes with {@link #WRITE}).
 */
public enum Role {
  /** Entities and their command APIs: titles, imports, uploads, accounts, billing, playback. */
  WRITE,
  /** Read models and public events: the catalog, entitlements, billing-due, Kafka. */
  PROJECTION,
  /** Queries over the read models: browse. */
  READ,
  /** Transcode workers (probe, ffmpeg, package). */
  TRANSCODE,
  /** The streaming edge: manifests and segments from a cache before the origin store. */
  EDGE;

  /** The name in configuration. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The node's roles from the cluster's role names; Pekko's own (such as {@code dc-…}) are skipped,
   * an unknown Reel-looking name fails the start with the names that exist.
   */
  public static Set<Role> of(Collection<String> names) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      if (name.startsWith("dc-")) {
        continue; // Pekko's data-center role
      }
      roles.add(
          Arrays.stream(values())
              .filter(r -> r.configName().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown role '"
                              + name
                              + "' in pekko.cluster.roles (REEL_ROLES): known are "
                              + Arrays.stream(values())
                                  .map(Role::configName)
                                  .collect(Collectors.joining(", ")))));
    }
    return roles;
  }
}

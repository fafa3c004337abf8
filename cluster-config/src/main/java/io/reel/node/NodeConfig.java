package io.reel.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Loads the node's configuration: the resource named by {@code -Dconfig.resource} (default
 * application.conf), under overrides given in code (tests) and the list-valued environment settings
 * HOCON cannot read from a plain variable ({@code REEL_ROLES=write,read}, {@code
 * REEL_SEED_NODES=pekko://reel@h1:25520,pekko://reel@h2:25520}, {@code
 * REEL_TRUSTED_PROXIES=10.0.0.0/8}, {@code REEL_MEDIA_REPLICA_DIRS=/data/us-east}).
 */
public final class NodeConfig {

  private NodeConfig() {}

  public static Config load() {
    return load(ConfigFactory.empty(), System.getenv());
  }

  public static Config load(Config overrides, Map<String, String> env) {
    Config c = overrides;
    c = withList(c, env.get("REEL_ROLES"), "pekko.cluster.roles");
    c = withList(c, env.get("REEL_SEED_NODES"), "pekko.cluster.seed-nodes");
    c = withList(c, env.get("REEL_TRUSTED_PROXIES"), "reel.gateway.trusted-proxies");
    c = withList(c, env.get("REEL_MEDIA_REPLICA_DIRS"), "reel.media.replica-dirs");
    String resource = System.getProperty("config.resource", "application.conf");
    return ClusterTls.apply(
        ConfigFactory.load(c.withFallback(ConfigFactory.parseResourcesAnySyntax(resource))));
  }

  private static Config withList(Config c, String csv, String path) {
    if (csv == null || csv.isBlank() || c.hasPath(path)) {
      return c;
    }
    List<String> values = Arrays.stream(csv.split(",")).map(String::strip).toList();
    return c.withValue(path, ConfigValueFactory.fromIterable(values));
  }
}

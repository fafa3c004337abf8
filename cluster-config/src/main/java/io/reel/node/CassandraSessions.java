package io.reel.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.time.Duration;
import java.util.List;

/**
 * A plain driver session outside Pekko's session registry: for tools that apply the schema or check
 * a node before any actor system exists (the local runner, the tests). Fails fast when Cassandra is
 * not there rather than retrying in the background.
 */
public final class CassandraSessions {

  private CassandraSessions() {}

  public static CqlSession open(String contactPoint, String datacenter, Duration requestTimeout) {
    DriverConfigLoader loader =
        DriverConfigLoader.programmaticBuilder()
            .withStringList(DefaultDriverOption.CONTACT_POINTS, List.of(contactPoint))
            .withString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, datacenter)
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, requestTimeout)
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, requestTimeout)
            .withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, false)
            .build();
    return CqlSession.builder().withConfigLoader(loader).build();
  }
}

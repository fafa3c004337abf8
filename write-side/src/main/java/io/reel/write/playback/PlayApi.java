package io.reel.write.playback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.reel.domain.account.Profile;
import io.reel.domain.billing.Entitlement;
import io.reel.http.auth.AccessTokens;
import io.reel.origin.keys.ContentKeyStore;
import io.reel.origin.token.EdgeTokens;
import io.reel.write.title.TitleService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Playback on the write side: the playback entities, the play API with its heartbeats and stops,
 * and the ClearKey licence server. All of them are commands to the account's playback entity, so
 * they live next to it; the edge only delivers bytes under the tokens minted here.
 */
public final class PlayApi {

  /** {@code reel.playback} and the request limit, read once. */
  public record Settings(
      PlaybackSettings playback,
      Duration heartbeatEvery,
      String publicApiUrl,
      String defaultRegion,
      Duration edgeProbeInterval,
      Duration edgeProbeTimeout,
      long maxJsonBodyBytes) {

    public static Settings fromConfig(Config root) {
      Config c = root.getConfig("reel.playback");
      return new Settings(
          PlaybackSettings.fromConfig(root),
          c.getDuration("api.heartbeat-every"),
          c.getString("api.public-url"),
          c.getString("api.default-region"),
          c.getDuration("edge-health.interval"),
          c.getDuration("edge-health.timeout"),
          root.getBytes("reel.http.max-json-body-bytes"));
    }
  }

  /**
   * What playback needs from elsewhere: who the caller is, their entitlement (a read model), their
   * profiles and the titles (entities), the edge tokens and their lifetime, the content keys.
   */
  public record Dependencies(
      AccessTokens accessTokens,
      Function<String, CompletionStage<Entitlement>> entitlement,
      BiFunction<String, String, CompletionStage<Optional<Profile>>> profile,
      TitleService titles,
      EdgeTokens edgeTokens,
      Duration edgeTokenTtl,
      EdgeDirectory edges,
      ContentKeyStore contentKeys,
      DeviceNames deviceNames,
      ProfilePins pins,
      ObjectMapper mapper,
      Clock clock) {}

  private PlayApi() {}

  /**
   * Tokens are renewed by heartbeats, so a token must outlive a few heartbeat intervals: one late
   * or lost heartbeat must not stop a playing viewer.
   */
  static void requireRenewable(Duration tokenTtl, Duration heartbeatEvery) {
    if (tokenTtl.compareTo(heartbeatEvery.multipliedBy(3)) < 0) {
      throw new IllegalArgumentException(
          "reel.edge.token-ttl ("
              + tokenTtl.toSeconds()
              + " s) must be at least three heartbeat intervals"
              + " (reel.playback.api.heartbeat-every, "
              + heartbeatEvery.toSeconds()
              + " s): heartbeats renew the tokens");
    }
  }

  /** Starts the playback entities and the edge probes; returns the play and licence routes. */
  public static List<Route> init(ActorSystem<?> system, Settings settings, Dependencies deps) {
    requireRenewable(deps.edgeTokenTtl(), settings.heartbeatEvery());
    PlaybackEntity.init(system, settings.playback(), deps.clock());
    PlaybackService playback = new PlaybackService(system, settings.playback());
    deps.edges().startProbing(system, settings.edgeProbeInterval(), settings.edgeProbeTimeout());
    PlayRoutes play =
        new PlayRoutes(
            deps.accessTokens(),
            new PlayRoutes.Lookups(
                deps.entitlement(), deps.profile(), deps.titles(), deps.deviceNames(), deps.pins()),
            playback,
            deps.edgeTokens(),
            deps.edges(),
            new PlayRoutes.Settings(
                deps.edgeTokenTtl(),
                settings.heartbeatEvery(),
                settings.publicApiUrl(),
                settings.defaultRegion()),
            deps.mapper(),
            deps.clock(),
            settings.maxJsonBodyBytes());
    LicenceRoutes licence =
        new LicenceRoutes(
            deps.edgeTokens(),
            playback,
            deps.entitlement(),
            deps.contentKeys(),
            deps.mapper(),
            deps.clock());
    return List.of(play.routes(), licence.routes());
  }
}

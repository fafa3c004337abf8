package io.reel.projections.recommend;

import io.reel.projections.PerTag;
import io.reel.recommend.Model;
import io.reel.recommend.ModelSettings;
import io.reel.recommend.Trainer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic trainer: once per cluster (a singleton on the {@code projection} role), every {@code
 * reel.recommend.train-every}, it scans the interactions the personal projections keep, trains the
 * model and publishes it for the read nodes. Training runs on its own thread, never on a
 * dispatcher; a failed run is logged and the next one tries again. A profile's own new plays,
 * ratings and list adds count at once without waiting for it: the read side scores each request
 * with the profile's current history.
 */
public final class RecommendationTrainer {

  private static final Logger log = LoggerFactory.getLogger(RecommendationTrainer.class);

  /** {@code reel.recommend}. */
  public record Settings(Duration firstAfter, Duration every, int chunkBytes) {
    public static Settings fromConfig(com.typesafe.config.Config root) {
      com.typesafe.config.Config c = root.getConfig("reel.recommend");
      return new Settings(
          c.getDuration("first-after"),
          c.getDuration("train-every"),
          (int) c.getBytes("chunk-bytes").longValue());
    }
  }

  private sealed interface Command {}

  private record Tick() implements Command {}

  private record Done(String outcome) implements Command {}

  private RecommendationTrainer() {}

  public static void init(
      ActorSystem<?> system,
      java.util.Optional<String> role,
      Settings settings,
      InteractionScan scan,
      ModelPublisher publisher,
      Clock clock) {
    // In the home region only, like every projection; a proxy elsewhere.
    ClusterSingletonSettings singleton = ClusterSingletonSettings.create(system);
    if (!PerTag.inHomeRegion(system)) {
      singleton = singleton.withDataCenter(PerTag.homeRegion(system));
    }
    if (role.isPresent()) {
      singleton = singleton.withRole(role.get());
    }
    ClusterSingleton.get(system)
        .init(
            SingletonActor.of(
                    Behaviors.supervise(behavior(settings, scan, publisher, clock))
                        .onFailure(SupervisorStrategy.restart()),
                    "recommendation-trainer")
                .withSettings(singleton));
  }

  private static Behavior<Command> behavior(
      Settings settings, InteractionScan scan, ModelPublisher publisher, Clock clock) {
    return Behaviors.setup(
        ctx -> {
          ExecutorService thread =
              Executors.newSingleThreadExecutor(
                  r -> {
                    Thread t = new Thread(r, "recommendation-trainer");
                    t.setDaemon(true);
                    return t;
                  });
          return Behaviors.withTimers(
              timers -> {
                timers.startSingleTimer(new Tick(), settings.firstAfter());
                return Behaviors.receive(Command.class)
                    .onMessage(
                        Tick.class,
                        t -> {
                          ctx.pipeToSelf(
                              CompletableFuture.supplyAsync(
                                  () -> trainOnce(scan, publisher, clock), thread),
                              (outcome, failure) ->
                                  new Done(
                                      failure == null
                                          ? outcome
                                          : "failed: " + failure.getMessage()));
                          return Behaviors.same();
                        })
                    .onMessage(
                        Done.class,
                        d -> {
                          if (d.outcome().startsWith("failed")) {
                            log.warn("recommendation training {}", d.outcome());
                          }
                          timers.startSingleTimer(new Tick(), settings.every());
                          return Behaviors.same();
                        })
                    .onSignal(
                        org.apache.pekko.actor.typed.PostStop.class,
                        s -> {
                          thread.shutdownNow();
                          return Behaviors.same();
                        })
                    .build();
              });
        });
  }

  /** One run: scan, train, publish. Returns what it did, for the log. */
  static String trainOnce(InteractionScan scan, ModelPublisher publisher, Clock clock) {
    long started = System.nanoTime();
    var interactions = scan.interactions();
    var catalog = scan.catalog();
    long scanned = System.nanoTime();
    Model model =
        new Trainer(ModelSettings.defaults()).train(interactions, catalog, clock.instant());
    try {
      String id = publisher.publish(model);
      var r = model.report();
      String outcome =
          String.format(
              "model %s: %d interactions of %d profiles on %d titles; scan %d ms, training %d ms,"
                  + " total %d ms",
              id,
              r.interactions(),
              r.users(),
              r.items(),
              (scanned - started) / 1_000_000,
              r.took().toMillis(),
              (System.nanoTime() - started) / 1_000_000);
      log.info("recommendations trained: {}", outcome);
      return outcome;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

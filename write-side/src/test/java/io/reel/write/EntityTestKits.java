package io.reel.write;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** The actor test kit every entity test uses: in-memory journal plus the real serialization. */
public final class EntityTestKits {

  private EntityTestKits() {}

  /** Serialization checks run with the production {@code serialization.conf}. */
  public static ActorTestKit create(String name) {
    return ActorTestKit.create(
        name,
        EventSourcedBehaviorTestKit.config()
            .withFallback(ConfigFactory.parseResources("serialization.conf"))
            .withFallback(ConfigFactory.load()));
  }
}

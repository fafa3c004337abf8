package io.reel.domain.billing;

import java.util.List;
import java.util.Optional;

/** The plan catalog. Plan ids are stored in events: never rename one, add a new plan instead. */
public final class Plans {

  public static final Plan BASIC = new Plan("basic", "Basic", 699, "EUR", 1, 720);
  public static final Plan STANDARD = new Plan("standard", "Standard", 1299, "EUR", 2, 1080);
  public static final Plan PREMIUM = new Plan("premium", "Premium", 1999, "EUR", 4, 2160);

  private static final List<Plan> ALL = List.of(BASIC, STANDARD, PREMIUM);

  private Plans() {}

  public static List<Plan> all() {
    return ALL;
  }

  public static Optional<Plan> find(String id) {
    return ALL.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** For ids read back from events: they were valid when written. */
  public static Plan get(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("unknown plan " + id));
  }
}

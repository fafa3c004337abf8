package io.reel.recommend.eval;

import io.reel.recommend.Interaction;
import io.reel.recommend.ItemFacts;
import io.reel.recommend.Model;
import io.reel.recommend.ModelSettings;
import io.reel.recommend.Pick;
import io.reel.recommend.Trainer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reel's model as an evaluated method: trained at the split, its top picks as the row.
 *
 * <p>The catalog it is given is cut down to titles that appear in training: MovieTweetings lists
 * only films someone rated, so a film first rated after the split would tell the model that it
 * exists, and when.
 */
public record ReelMethod(String name, ModelSettings settings, Map<String, ItemFacts> catalog)
    implements Method {

  @Override
  public Ranker fit(List<Interaction> training, Instant at) {
    Model model = train(training, at);
    return (user, history, k, allowed) -> {
      List<String> row = new ArrayList<>(k);
      for (Pick p : model.topPicks(user, history, k, allowed)) {
        row.add(p.item());
      }
      return row;
    };
  }

  /** The model this method ranks with (the validation reuses it for several blends). */
  public Model train(List<Interaction> training, Instant at) {
    Set<String> known = new HashSet<>();
    training.forEach(i -> known.add(i.item()));
    List<ItemFacts> facts = new ArrayList<>();
    for (String item : known) {
      ItemFacts f = catalog.get(item);
      if (f != null) {
        facts.add(f);
      }
    }
    return new Trainer(settings).train(training, facts, at);
  }
}

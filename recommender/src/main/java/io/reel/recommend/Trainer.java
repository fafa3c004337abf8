package io.reel.recommend;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link Model} from interactions: the periodic trainer runs this over everything the
 * recommendation projection kept, and swaps the model it serves from.
 *
 * <p>Two parts, both from the same pass over the viewers:
 *
 * <ul>
 *   <li>popularity: each viewer's demand for a title, decayed by its age at {@code now} (half-life
 *       {@link ModelSettings#popularityHalfLife}), summed per title. New releases dominate what
 *       people watch, so what is watched now says more than what was watched ever.
 *   <li>item-to-item similarity: cosine over viewers' positive preferences (thumbs-down and unknown
 *       taste do not make two titles alike), shrunk toward 0 for pairs few viewers share, top
 *       {@link ModelSettings#neighbours} kept per title. Co-occurrences are counted per title with
 *       one scratch array, so memory is titles × neighbours, never titles².
 * </ul>
 *
 * <p>Deterministic: viewers and titles are processed in id order, so the same interactions (in any
 * order) give the same model.
 */
public final class Trainer {

  private static final Logger log = LoggerFactory.getLogger(Trainer.class);

  private final ModelSettings settings;

  public Trainer(ModelSettings settings) {
    this.settings = settings;
  }

  public Model train(Collection<Interaction> interactions, Instant now) {
    return train(interactions, List.of(), now);
  }

  /**
   * @param catalog genres of titles, for the content fallback; titles only in the catalog are known
   *     to {@link Model#similar} (by genre) but are never popular
   */
  public Model train(
      Collection<Interaction> interactions, Collection<ItemFacts> catalog, Instant now) {
    long started = System.nanoTime();
    Map<String, List<Interaction>> byUser = new TreeMap<>();
    TreeSet<String> itemIds = new TreeSet<>();
    for (Interaction i : interactions) {
      byUser.computeIfAbsent(i.user(), u -> new ArrayList<>()).add(i);
      itemIds.add(i.item());
    }
    Map<String, List<String>> genres = new HashMap<>();
    for (ItemFacts f : catalog) {
      itemIds.add(f.item());
      genres.put(f.item(), f.genres());
    }
    ItemIndex index = new ItemIndex(itemIds);
    int n = index.size();

    double[] popularity = new double[n];
    // Viewer -> (title, positive weight), flattened: the rows the similarity is computed from.
    int[] userStart = new int[byUser.size() + 1];
    List<int[]> userItemsList = new ArrayList<>(byUser.size());
    List<float[]> userWeightsList = new ArrayList<>(byUser.size());
    int u = 0;
    int total = 0;
    for (List<Interaction> ofUser : byUser.values()) {
      List<Preference> prefs = Preference.fold(ofUser);
      List<Preference> positive = new ArrayList<>();
      for (Preference p : prefs) {
        double age = Duration.between(p.at(), now).toSeconds();
        popularity[index.of(p.item())] +=
            p.demand() * ModelSettings.decay(age, settings.popularityHalfLife());
        if (p.weight() > 0) {
          positive.add(p);
        }
      }
      if (positive.size() > settings.maxHistory()) {
        positive.sort(Preference.LATEST_FIRST);
        positive = new ArrayList<>(positive.subList(0, settings.maxHistory()));
        positive.sort((a, b) -> a.item().compareTo(b.item()));
      }
      int[] items = new int[positive.size()];
      float[] weights = new float[positive.size()];
      for (int k = 0; k < items.length; k++) {
        items[k] = index.of(positive.get(k).item());
        weights[k] = (float) positive.get(k).weight();
      }
      userItemsList.add(items);
      userWeightsList.add(weights);
      total += items.length;
      userStart[++u] = total;
    }
    int[] userItems = new int[total];
    float[] userWeights = new float[total];
    for (int k = 0; k < userItemsList.size(); k++) {
      System.arraycopy(
          userItemsList.get(k), 0, userItems, userStart[k], userStart[k + 1] - userStart[k]);
      System.arraycopy(
          userWeightsList.get(k), 0, userWeights, userStart[k], userStart[k + 1] - userStart[k]);
    }

    Neighbours neighbours = similarities(n, byUser.size(), userStart, userItems, userWeights);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    TrainingReport report =
        new TrainingReport(interactions.size(), byUser.size(), n, neighbours.pairs(), took);
    log.debug(
        "trained on {} interactions of {} viewers: {} titles, {} neighbour pairs, {} ms",
        report.interactions(),
        report.users(),
        report.items(),
        report.neighbours(),
        took.toMillis());
    return new Model(
        settings, now, index, neighbours, normalized(popularity), Genres.of(index, genres), report);
  }

  private Neighbours similarities(
      int n, int users, int[] userStart, int[] userItems, float[] userWeights) {
    // Title -> (viewer, weight): the transpose of the viewer rows, viewers in id order.
    int[] itemStart = new int[n + 1];
    for (int item : userItems) {
      itemStart[item + 1]++;
    }
    for (int i = 0; i < n; i++) {
      itemStart[i + 1] += itemStart[i];
    }
    int[] itemUsers = new int[userItems.length];
    float[] itemWeights = new float[userItems.length];
    int[] fill = itemStart.clone();
    double[] norm = new double[n];
    for (int v = 0; v < users; v++) {
      for (int s = userStart[v]; s < userStart[v + 1]; s++) {
        int item = userItems[s];
        itemUsers[fill[item]] = v;
        itemWeights[fill[item]++] = userWeights[s];
        norm[item] += (double) userWeights[s] * userWeights[s];
      }
    }

    int k = settings.neighbours();
    double shrinkage = settings.shrinkage();
    int[] start = new int[n + 1];
    // Grown as needed: most titles have fewer than k neighbours.
    int[] items = new int[Math.max(16, Math.min(n, 1 << 16) * Math.min(k, 8))];
    float[] sims = new float[items.length];
    double[] dot = new double[n];
    int[] support = new int[n];
    int[] touched = new int[n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int touchedCount = 0;
      for (int s = itemStart[i]; s < itemStart[i + 1]; s++) {
        int v = itemUsers[s];
        double wi = itemWeights[s];
        for (int t = userStart[v]; t < userStart[v + 1]; t++) {
          int j = userItems[t];
          if (j == i) {
            continue;
          }
          if (support[j] == 0) {
            touched[touchedCount++] = j;
          }
          support[j]++;
          dot[j] += wi * userWeights[t];
        }
      }
      TopK top = new TopK(k);
      for (int t = 0; t < touchedCount; t++) {
        int j = touched[t];
        double cosine = dot[j] / Math.sqrt(norm[i] * norm[j]);
        top.offer(j, cosine * support[j] / (support[j] + shrinkage));
        dot[j] = 0;
        support[j] = 0;
      }
      if (kept + top.size() > items.length) {
        items = Arrays.copyOf(items, Math.max(items.length * 2, kept + top.size()));
        sims = Arrays.copyOf(sims, items.length);
      }
      for (int r = 0; r < top.size(); r++) {
        items[kept] = top.index(r);
        sims[kept++] = (float) top.score(r);
      }
      start[i + 1] = kept;
    }
    return new Neighbours(start, Arrays.copyOf(items, kept), Arrays.copyOf(sims, kept));
  }

  /** Scaled so the most popular title is 1: the blend weights are relative to that. */
  private static double[] normalized(double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    if (max > 0) {
      for (int i = 0; i < values.length; i++) {
        values[i] /= max;
      }
    }
    return values;
  }
}

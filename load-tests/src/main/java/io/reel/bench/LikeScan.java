package io.reel.bench;

import io.reel.domain.title.TitleMetadata;
import io.reel.search.TitleFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The naive search other media servers ship, {@code WHERE lower(title) LIKE '%q%' OR lower(cast)
 * LIKE '%q%' OR lower(synopsis) LIKE '%q%'}: every query scans every title, and with no ranking the
 * results come in catalog order. It runs in memory with each column lowercased once up front, which
 * flatters it (no database, no I/O, no HTTP, no lowercasing per row).
 */
final class LikeScan {

  /** One row of the titles "table", its text columns lowercased. */
  record Row(
      String title,
      int year,
      List<String> genres,
      String decade,
      List<String> cast,
      String titleLower,
      String castLower,
      String synopsisLower) {}

  /** A page of matches in catalog order, with the match count and its genre and decade counts. */
  record Page(
      int total, List<Row> rows, Map<String, Integer> genres, Map<String, Integer> decades) {}

  /** Titles whose title contains the text, and people whose name does, most titles first. */
  record Suggestions(List<Row> titles, List<Map.Entry<String, Integer>> people) {}

  private final List<Row> rows;

  LikeScan(List<TitleMetadata> titles) {
    List<Row> out = new ArrayList<>(titles.size());
    for (TitleMetadata m : titles) {
      out.add(
          new Row(
              m.title(),
              m.year(),
              m.genres(),
              TitleFields.decade(m.year()),
              m.cast(),
              lower(m.title()),
              lower(String.join("\n", m.cast())),
              lower(m.synopsis())));
    }
    this.rows = List.copyOf(out);
  }

  int size() {
    return rows.size();
  }

  /**
   * {@code SELECT ... WHERE (title, cast or synopsis LIKE '%text%') AND genre = ? AND decade = ?},
   * the first {@code size} in catalog order, plus {@code COUNT(*)} and {@code GROUP BY} genre and
   * decade over all matches (what the index's answer carries too).
   */
  Page search(String text, Optional<String> genre, Optional<String> decade, int size) {
    String q = lower(text);
    List<Row> page = new ArrayList<>(size);
    Map<String, Integer> genres = new HashMap<>();
    Map<String, Integer> decades = new HashMap<>();
    int total = 0;
    for (Row r : rows) {
      if (genre.isPresent()
          && r.genres().stream().noneMatch(g -> g.equalsIgnoreCase(genre.get()))) {
        continue;
      }
      if (decade.isPresent() && !r.decade().equals(decade.get())) {
        continue;
      }
      if (!r.titleLower().contains(q)
          && !r.castLower().contains(q)
          && !r.synopsisLower().contains(q)) {
        continue;
      }
      total++;
      if (page.size() < size) {
        page.add(r);
      }
      for (String g : r.genres()) {
        genres.merge(g, 1, Integer::sum);
      }
      decades.merge(r.decade(), 1, Integer::sum);
    }
    return new Page(total, page, genres, decades);
  }

  /**
   * {@code title LIKE '%text%'} (the first {@code size} in catalog order) and {@code cast LIKE
   * '%text%'} grouped by name, the {@code size / 2} with most titles (as the index's suggestions
   * are): both scan every title.
   */
  Suggestions suggest(String text, int size) {
    String q = lower(text);
    List<Row> titles = new ArrayList<>(size);
    Map<String, Integer> people = new HashMap<>();
    for (Row r : rows) {
      if (titles.size() < size && r.titleLower().contains(q)) {
        titles.add(r);
      }
      if (r.castLower().contains(q)) {
        for (String name : r.cast()) {
          if (lower(name).contains(q)) {
            people.merge(name, 1, Integer::sum);
          }
        }
      }
    }
    List<Map.Entry<String, Integer>> top =
        people.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(Math.max(1, size / 2))
            .toList();
    return new Suggestions(titles, top);
  }

  /** {@code SELECT genre, COUNT(*) ... GROUP BY genre}. */
  Map<String, Integer> genres() {
    Map<String, Integer> counts = new HashMap<>();
    for (Row r : rows) {
      for (String g : r.genres()) {
        counts.merge(g, 1, Integer::sum);
      }
    }
    return counts;
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}

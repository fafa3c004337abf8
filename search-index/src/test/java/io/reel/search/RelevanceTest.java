package io.reel.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.title.MaturityRating;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The relevance set ({@code relevance/queries.tsv}): queries of the kinds viewers type (misspelt
 * titles, accents, hyphens, an actor with a word of the title, a story in their own words), each
 * with the film it must find and the rank it must reach, run against the shipped catalog. Writes
 * {@code target/relevance-report.md} with hit rates at 1, 5 and 10, overall and per kind.
 */
class RelevanceTest {

  /**
   * At least this share of queries must reach their rank. Set below the measured rate (see
   * docs/benchmarks.md) by about two queries' worth, so a change that loses relevance fails while a
   * tie reshuffled by an unrelated change does not.
   */
  static final double FLOOR = 0.95;

  /** And this share must at least be in the top 10. */
  static final double TOP10_FLOOR = 0.97;

  record Case(String kind, String query, String title, int year, int maxRank) {}

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (InputStream in = RelevanceTest.class.getResourceAsStream("/relevance/queries.tsv")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 1; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        String[] f = lines[i].split("\t");
        out.add(new Case(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4].strip())));
      }
    }
    return out;
  }

  @Test
  void theRelevanceSetReachesItsRanks() throws IOException {
    TitleSearch search = new TitleSearch(ShippedCatalog.index());
    List<Case> cases = cases();
    assertTrue(cases.size() >= 50, "the set has " + cases.size() + " queries");
    Map<String, int[]> byKind = new LinkedHashMap<>(); // kind -> [n, @1, @5, @10, reached]
    int[] all = new int[5];
    StringBuilder misses = new StringBuilder();
    for (Case c : cases) {
      List<TitleSearch.Hit> hits =
          search
              .search(c.query(), TitleSearch.Filters.NONE, MaturityRating.NR, 10, Optional.empty())
              .hits();
      int rank = 0;
      for (int i = 0; i < hits.size(); i++) {
        TitleSearch.Card t = hits.get(i).title();
        if (t.title().equals(c.title()) && t.year() == c.year()) {
          rank = i + 1;
          break;
        }
      }
      int[] k = byKind.computeIfAbsent(c.kind(), x -> new int[5]);
      for (int[] counts : List.of(k, all)) {
        counts[0]++;
        counts[1] += rank == 1 ? 1 : 0;
        counts[2] += rank >= 1 && rank <= 5 ? 1 : 0;
        counts[3] += rank >= 1 ? 1 : 0;
        counts[4] += rank >= 1 && rank <= c.maxRank() ? 1 : 0;
      }
      if (rank == 0 || rank > c.maxRank()) {
        misses.append(
            String.format(
                "| %s | %s | %s (%d) | %d | %s |%n",
                c.kind(),
                c.query(),
                c.title(),
                c.year(),
                c.maxRank(),
                rank == 0 ? "not in top 10" : Integer.toString(rank)));
      }
    }
    StringBuilder report = new StringBuilder("# Relevance on the shipped catalog\n\n");
    report.append("| kind | queries | hit@1 | hit@5 | hit@10 | reached its rank |\n");
    report.append("|---|---|---|---|---|---|\n");
    byKind.forEach((kind, k) -> report.append(row(kind, k)));
    report.append(row("**all**", all));
    report.append(
        "\n## Queries that missed their rank\n\n| kind | query | film | rank wanted | rank |\n|---|---|---|---|---|\n");
    report.append(misses);
    Files.writeString(Path.of("target/relevance-report.md"), report);
    System.out.println(report);
    double reached = (double) all[4] / all[0];
    double top10 = (double) all[3] / all[0];
    assertTrue(reached >= FLOOR, "reached their rank: " + reached + "\n" + report);
    assertTrue(top10 >= TOP10_FLOOR, "in the top 10: " + top10 + "\n" + report);
  }

  private static String row(String kind, int[] k) {
    return String.format(
        "| %s | %d | %.2f | %.2f | %.2f | %.2f |%n",
        kind,
        k[0],
        (double) k[1] / k[0],
        (double) k[2] / k[0],
        (double) k[3] / k[0],
        (double) k[4] / k[0]);
  }
}

package io.reel.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reel.domain.title.MaturityRating;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The complaints the issue names, against the shipped catalog. */
class ForgivingSearchTest {

  private final TitleSearch search = new TitleSearch(ShippedCatalog.index());

  private List<String> top(String query, int n) {
    return search
        .search(query, TitleSearch.Filters.NONE, MaturityRating.NR, n, Optional.empty())
        .hits()
        .stream()
        .map(h -> h.title().title() + " (" + h.title().year() + ")")
        .toList();
  }

  private void first(String query, String expected) {
    List<String> top = top(query, 5);
    assertTrue(!top.isEmpty() && top.get(0).equals(expected), query + " -> " + top);
  }

  @Test
  void spiderManHoweverItIsTyped() {
    for (String q : List.of("spider man", "spider-man", "spiderman", "Spider Man", "SPIDERMAN")) {
      assertTrue(top(q, 3).contains("Spider-Man (2002)"), q + " -> " + top(q, 5));
    }
    first("spiderman 2", "Spider-Man 2 (2004)");
  }

  @Test
  void accentsFold() {
    first("leon the professional", "Léon: The Professional (1994)");
    first("léon", "Léon: The Professional (1994)");
  }

  @Test
  void typosAreForgiven() {
    first("interstelar", "Interstellar (2014)");
    first("the godfater", "The Godfather (1972)");
  }

  @Test
  void anActorWithAWordOfTheTitle() {
    first("mcconaughey interstellar", "Interstellar (2014)");
    assertTrue(top("tobey maguire spider", 3).contains("Spider-Man (2002)"));
  }

  @Test
  void cursorsPageWithoutRepeats() {
    TitleSearch.Results first =
        search.search("love", TitleSearch.Filters.NONE, MaturityRating.NR, 10, Optional.empty());
    TitleSearch.Results second =
        search.search(
            "love", TitleSearch.Filters.NONE, MaturityRating.NR, 10, Optional.of(first.next()));
    assertEquals(10, second.hits().size());
    assertTrue(
        second.hits().stream()
            .noneMatch(
                h -> first.hits().stream().anyMatch(f -> f.title().id().equals(h.title().id()))));
    assertEquals(first.total(), second.total());
  }
}

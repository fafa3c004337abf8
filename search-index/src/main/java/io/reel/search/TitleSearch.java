package io.reel.search;

import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.TitleMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.function.FunctionScoreQuery;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;

/**
 * Queries over the title index: search that forgives, suggestions from the first letters, facets,
 * and the rows of a home page. Every query is limited to titles a profile with the given maturity
 * limit may see ({@link MaturityRating#NR} sees everything), in results, counts and suggestions.
 */
public final class TitleSearch {

  private static final org.apache.lucene.analysis.Analyzer MLT_ANALYZER = TitleAnalysis.perField();

  /** Words of a query beyond this are ignored; longer words are cut. */
  public static final int MAX_WORDS = 16;

  public static final int MAX_WORD = 40;

  /**
   * Letters a typo does not touch: two (viewers rarely mistype how a name starts), which keeps the
   * typo expansion to the words that share them.
   */
  static final int FUZZY_PREFIX = 2;

  /** Suggested people are the matching names of this many matching titles. */
  static final int PEOPLE_FROM = 100;

  /** Genres counted for the genre list: more than any catalog has. */
  static final int MAX_GENRES = 1000;

  static final float TITLE_BOOST = 5f;
  static final float CAST_BOOST = 3f;
  static final float SYNOPSIS_BOOST = 1f;

  /** What a title looks like in a list or a row. */
  /**
   * What rows and lists show of a title. {@code poster} is the API path of its poster image, null
   * when it has none; {@code playable} when it has a packaged video (published titles only are
   * cards).
   */
  public record Card(
      String id,
      String title,
      int year,
      String maturityRating,
      List<String> genres,
      String poster,
      boolean playable) {}

  /** A search result: the card, its cast and what matched, with matches in {@code <b>}. */
  public record Hit(Card title, List<String> cast, Map<String, String> highlights) {}

  public record FacetCount(String value, long count) {}

  /** One page of results; {@code next} is the cursor of the following page, null at the end. */
  public record Results(
      long total, List<Hit> hits, Map<String, List<FacetCount>> facets, String next) {}

  public record Person(String name, int titles) {}

  public record Suggestions(List<Card> titles, List<Person> people) {}

  /** Filters that narrow a search; empty ones do not. */
  public record Filters(
      Optional<String> genre, Optional<String> decade, Optional<MaturityRating> rating) {
    public static final Filters NONE =
        new Filters(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A cursor that was not made by this index. */
  public static final class BadCursor extends IllegalArgumentException {
    BadCursor() {
      super("cursor is not valid");
    }
  }

  private static final Sort BY_RELEVANCE =
      new Sort(SortField.FIELD_SCORE, new SortField(TitleFields.ID_SORT, SortField.Type.LONG));
  private static final Sort NEWEST =
      new Sort(
          new SortField(TitleFields.PUBLISHED_AT, SortField.Type.LONG, true),
          new SortField(TitleFields.ID_SORT, SortField.Type.LONG, true));
  private static final Sort POPULAR =
      new Sort(
          new SortField(TitleFields.PLAYS, SortField.Type.LONG, true),
          new SortField(TitleFields.YEAR, SortField.Type.LONG, true),
          new SortField(TitleFields.ID_SORT, SortField.Type.LONG));

  private final SearchIndex index;

  public TitleSearch(SearchIndex index) {
    this.index = index;
  }

  // ---- search ------------------------------------------------------------------------------

  /** One page of titles matching {@code text} and the filters, with facet counts. */
  public Results search(
      String text, Filters filters, MaturityRating limit, int size, Optional<String> cursor) {
    Optional<FieldDoc> after = cursor.map(TitleSearch::decodeCursor);
    List<String> words = words(text);
    return withSearcher(
        (generation, searcher) -> {
          if (words.isEmpty()) {
            return new Results(0, List.of(), Map.of(), null);
          }
          Results results = null;
          for (int required : List.of(required(words.size()), Math.max(1, words.size() / 2))) {
            Query textQuery = textQuery(words, required, searcher.getIndexReader());
            results = run(generation, searcher, textQuery, filters, limit, size, after);
            if (results.total() > 0 || after.isPresent()) {
              break;
            }
          }
          return results;
        });
  }

  /** Words that must match: all of one or two, all but one of three or four, 60 % of more. */
  static int required(int words) {
    if (words <= 2) {
      return words;
    }
    return words <= 4 ? words - 1 : (int) Math.ceil(words * 0.6);
  }

  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String w : TitleAnalysis.terms(TitleAnalysis.WORDS, text == null ? "" : text)) {
      if (words.size() == MAX_WORDS) {
        break;
      }
      words.add(w.length() > MAX_WORD ? w.substring(0, MAX_WORD) : w);
    }
    return words;
  }

  /** A typed word that is a plausible release year ("matrix 1999"). */
  static Optional<Integer> year(String word) {
    if (word.length() != 4 || !word.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    int y = Integer.parseInt(word);
    return y >= TitleMetadata.MIN_YEAR && y <= TitleMetadata.MAX_YEAR
        ? Optional.of(y)
        : Optional.empty();
  }

  /** Edits a typed word may have: none under 4 letters, one up to 7, two from 8. */
  static int edits(String word) {
    int n = word.length();
    return n < 4 ? 0 : n < 8 ? 1 : 2;
  }

  /**
   * A word the catalog uses at least this often (in titles, names or synopses) is taken as typed:
   * only other words are expanded to their near spellings, which is most of a query's cost.
   */
  static final int KNOWN_WORD = 2;

  /** Whether {@code word} is in the index's vocabulary, as typed. */
  static boolean known(IndexReader reader, String word) throws IOException {
    int n = reader.docFreq(new Term(TitleFields.TITLE, word));
    n += reader.docFreq(new Term(TitleFields.CAST, word));
    for (String stem : TitleAnalysis.terms(TitleAnalysis.STEMMED, word)) {
      n += reader.docFreq(new Term(TitleFields.SYNOPSIS, stem));
    }
    return n >= KNOWN_WORD;
  }

  /**
   * Each word may match the title (exactly, with typos, or joined with a neighbour: "spider man"
   * meets "spiderman"), the cast, or the stemmed synopsis, weighted in that order; the best field
   * counts for the word. A whole-title match and phrases in the title or a name add to it. Typos
   * are looked for only in words the catalog does not know ({@link #known}).
   */
  static Query textQuery(List<String> words, int required, IndexReader vocabulary)
      throws IOException {
    BooleanQuery.Builder perWord = new BooleanQuery.Builder();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      List<Query> alternatives = new ArrayList<>();
      alternatives.add(boost(term(TitleFields.TITLE, w), TITLE_BOOST));
      alternatives.add(boost(term(TitleFields.CAST, w), CAST_BOOST));
      if (edits(w) > 0 && !known(vocabulary, w)) {
        alternatives.add(
            boost(fuzzy(TitleFields.TITLE, w, edits(w), FUZZY_PREFIX), TITLE_BOOST * 0.7f));
        alternatives.add(
            // Names: one typo at most (two in a name mostly find someone else).
            boost(fuzzy(TitleFields.CAST, w, 1, FUZZY_PREFIX), CAST_BOOST * 0.7f));
      }
      if (i > 0) {
        alternatives.add(joined(words.get(i - 1) + w, vocabulary));
      }
      if (i < words.size() - 1) {
        alternatives.add(joined(w + words.get(i + 1), vocabulary));
      }
      year(w)
          .ifPresent(
              y ->
                  alternatives.add(
                      boost(IntPoint.newExactQuery(TitleFields.YEAR, y), TITLE_BOOST)));
      for (String stem : TitleAnalysis.terms(TitleAnalysis.STEMMED, w)) {
        alternatives.add(boost(term(TitleFields.SYNOPSIS, stem), SYNOPSIS_BOOST));
      }
      perWord.add(new DisjunctionMaxQuery(alternatives, 0.1f), Occur.SHOULD);
    }
    perWord.setMinimumNumberShouldMatch(required);
    BooleanQuery.Builder q = new BooleanQuery.Builder().add(perWord.build(), Occur.MUST);
    q.add(
        boost(term(TitleFields.TITLE_EXACT, String.join(" ", words)), TITLE_BOOST * 2),
        Occur.SHOULD);
    if (words.size() > 1) {
      q.add(
          boost(new PhraseQuery(1, TitleFields.TITLE, words.toArray(String[]::new)), TITLE_BOOST),
          Occur.SHOULD);
      q.add(
          boost(new PhraseQuery(0, TitleFields.CAST, words.toArray(String[]::new)), CAST_BOOST),
          Occur.SHOULD);
    }
    return q.build();
  }

  private static Query joined(String pair, IndexReader vocabulary) throws IOException {
    return edits(pair) > 1 && vocabulary.docFreq(new Term(TitleFields.TITLE, pair)) == 0
        ? boost(fuzzy(TitleFields.TITLE, pair, 1, 2), TITLE_BOOST * 0.8f)
        : boost(term(TitleFields.TITLE, pair), TITLE_BOOST * 0.9f);
  }

  private Results run(
      IndexGeneration generation,
      IndexSearcher searcher,
      Query textQuery,
      Filters filters,
      MaturityRating limit,
      int size,
      Optional<FieldDoc> after)
      throws IOException {
    // Typos expanded to the index's terms once: the search and the highlighter then share plain
    // term queries (a highlighter given fuzzy queries walks the whole term dictionary per field).
    Query expanded = searcher.rewrite(textQuery);
    BooleanQuery.Builder b =
        new BooleanQuery.Builder()
            .add(FunctionScoreQuery.boostByValue(expanded, Priors.INSTANCE), Occur.MUST);
    visible(b, limit);
    filters
        .genre()
        .ifPresent(
            g -> b.add(term(TitleFields.GENRE_FILTER, TitleFields.genreKey(g)), Occur.FILTER));
    filters.decade().ifPresent(d -> b.add(term(TitleFields.DECADE_FILTER, d), Occur.FILTER));
    filters
        .rating()
        .ifPresent(
            r -> b.add(IntPoint.newExactQuery(TitleFields.RATING_ORD, r.ordinal()), Occur.FILTER));
    Query query = b.build();
    FacetsCollectorManager.FacetsResult result =
        FacetsCollectorManager.searchAfter(
            searcher,
            after.orElse(null),
            query,
            size + 1,
            BY_RELEVANCE,
            true,
            new FacetsCollectorManager());
    // The cursor's own title ties with the cursor (ids are unique): it was on the page before.
    ScoreDoc[] found =
        java.util.Arrays.stream(result.topDocs().scoreDocs)
            .filter(d -> after.isEmpty() || !sameKey((FieldDoc) d, after.get()))
            .toArray(ScoreDoc[]::new);
    TopDocs top = new TopDocs(result.topDocs().totalHits, found);
    FacetsCollector collected = result.facetsCollector();
    long total = collected.getMatchingDocs().stream().mapToLong(m -> m.totalHits).sum();
    boolean more = top.scoreDocs.length > size;
    ScoreDoc[] shown = more ? java.util.Arrays.copyOf(top.scoreDocs, size) : top.scoreDocs;
    TopDocs page = new TopDocs(top.totalHits, shown);
    Map<String, String[]> highlights = highlight(searcher, expanded, page);
    List<Cards.Full> cards = Cards.read(searcher, docs(shown));
    List<Hit> hits = new ArrayList<>(shown.length);
    for (int i = 0; i < shown.length; i++) {
      Map<String, String> matched = new LinkedHashMap<>();
      for (String field : TitleFields.fieldsToHighlight()) {
        String snippet = highlights.get(field)[i];
        if (snippet != null && snippet.contains("<b>")) {
          matched.put(field, snippet);
        }
      }
      hits.add(new Hit(cards.get(i).card(), cards.get(i).cast(), matched));
    }
    String next = more ? encodeCursor((FieldDoc) shown[shown.length - 1]) : null;
    return new Results(total, hits, facets(generation, searcher, collected), next);
  }

  private static Map<String, String[]> highlight(IndexSearcher searcher, Query q, TopDocs page)
      throws IOException {
    UnifiedHighlighter highlighter =
        UnifiedHighlighter.builder(searcher, TitleAnalysis.perField())
            .withFormatter(new DefaultPassageFormatter("<b>", "</b>", "… ", true))
            .withMaxNoHighlightPassages(0)
            .withHandleMultiTermQuery(false)
            .withMaxLength(TitleMetadata.MAX_SYNOPSIS_LENGTH)
            .build();
    String[] fields = TitleFields.fieldsToHighlight().toArray(String[]::new);
    return highlighter.highlightFields(fields, q, page, new int[] {1, 3, 1});
  }

  private Map<String, List<FacetCount>> facets(
      IndexGeneration generation, IndexSearcher searcher, FacetsCollector collected)
      throws IOException {
    Optional<SortedSetDocValuesReaderState> state = generation.facets(searcher);
    Map<String, List<FacetCount>> out = new LinkedHashMap<>();
    if (state.isEmpty()) {
      return out;
    }
    Facets counts = new SortedSetDocValuesFacetCounts(state.get(), collected);
    out.put("genre", top(counts, TitleFields.GENRE, 30));
    out.put("decade", top(counts, TitleFields.DECADE, 20));
    out.put("maturityRating", top(counts, TitleFields.RATING, 10));
    return out;
  }

  private static List<FacetCount> top(Facets counts, String dim, int n) throws IOException {
    FacetResult r;
    try {
      r = counts.getTopChildren(n, dim);
    } catch (IllegalArgumentException noSuchDimension) {
      return List.of();
    }
    if (r == null) {
      return List.of();
    }
    List<FacetCount> out = new ArrayList<>();
    for (LabelAndValue lv : r.labelValues) {
      out.add(new FacetCount(lv.label, lv.value.longValue()));
    }
    return out;
  }

  // ---- suggest -----------------------------------------------------------------------------

  /**
   * Titles and people for what has been typed so far: every word but the last as a word (one typo
   * allowed from 4 letters), the last as the start of a word (one typo allowed after its first
   * three letters).
   */
  public Suggestions suggest(String text, MaturityRating limit, int size) {
    List<String> words = words(text);
    if (words.isEmpty()) {
      return new Suggestions(List.of(), List.of());
    }
    return withSearcher(
        (generation, searcher) -> {
          BooleanQuery.Builder t = typed(words, TitleFields.TITLE, TitleFields.TITLE_PREFIX);
          // Titles that start with what was typed come first.
          t.add(
              constant(
                  new PrefixQuery(new Term(TitleFields.TITLE_EXACT, String.join(" ", words))), 1f),
              Occur.SHOULD);
          visible(t, limit);
          List<Card> titles =
              cards(
                  searcher,
                  searcher.search(FunctionScoreQuery.boostByValue(t.build(), Priors.SUGGEST), size)
                      .scoreDocs);
          BooleanQuery.Builder p = typed(words, TitleFields.CAST, TitleFields.CAST_PREFIX);
          visible(p, limit);
          Map<String, Integer> people = new HashMap<>();
          Map<String, Boolean> matches = new HashMap<>();
          for (List<String> names :
              Cards.castNames(searcher, docs(searcher.search(p.build(), PEOPLE_FROM).scoreDocs))) {
            for (String name : names) {
              if (matches.computeIfAbsent(
                  name,
                  n ->
                      NameMatch.looksLikeAName(n)
                          && NameMatch.matches(
                              TitleAnalysis.terms(TitleAnalysis.WORDS, n), words))) {
                people.merge(name, 1, Integer::sum);
              }
            }
          }
          List<Person> ranked =
              people.entrySet().stream()
                  .map(e -> new Person(e.getKey(), e.getValue()))
                  .sorted(
                      java.util.Comparator.comparingInt(Person::titles)
                          .reversed()
                          .thenComparing(Person::name))
                  .limit(Math.max(1, size / 2))
                  .toList();
          return new Suggestions(titles, ranked);
        });
  }

  /**
   * What has been typed, each match worth the same (so a long title that holds the prefix twice
   * does not outrank a short one): exact words and prefixes 1, with a typo 0.8.
   */
  private static BooleanQuery.Builder typed(List<String> words, String field, String prefixField) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (int i = 0; i < words.size() - 1; i++) {
      String w = words.get(i);
      List<Query> alternatives = new ArrayList<>();
      alternatives.add(constant(term(field, w), 1f));
      if (edits(w) > 0) {
        alternatives.add(constant(fuzzy(field, w, 1, 1), 0.8f));
      }
      b.add(new DisjunctionMaxQuery(alternatives, 0f), Occur.MUST);
    }
    String last = words.get(words.size() - 1);
    String prefix =
        last.length() > TitleAnalysis.MAX_PREFIX
            ? last.substring(0, TitleAnalysis.MAX_PREFIX)
            : last;
    List<Query> alternatives = new ArrayList<>();
    alternatives.add(constant(term(prefixField, prefix), 1f));
    if (prefix.length() >= 4) {
      alternatives.add(constant(fuzzy(prefixField, prefix, 1, 3), 0.8f));
    }
    b.add(new DisjunctionMaxQuery(alternatives, 0f), Occur.MUST);
    return b;
  }

  private static Query constant(Query q, float score) {
    return new BoostQuery(new ConstantScoreQuery(q), score);
  }

  // ---- rows and counts ---------------------------------------------------------------------

  /** Titles published most recently. */
  public List<Card> newest(MaturityRating limit, int size) {
    return sorted(new BooleanQuery.Builder(), limit, NEWEST, size);
  }

  /** Titles of a genre, most played first, then newest by year. */
  public List<Card> genre(String genre, MaturityRating limit, int size) {
    BooleanQuery.Builder b =
        new BooleanQuery.Builder()
            .add(term(TitleFields.GENRE_FILTER, TitleFields.genreKey(genre)), Occur.FILTER);
    return sorted(b, limit, POPULAR, size);
  }

  /** Titles most played in the last {@code days} days. */
  public List<Card> trending(MaturityRating limit, int days, int size) {
    List<Map.Entry<String, Long>> top = index.current().trending(days, size * 4);
    return cards(top.stream().map(Map.Entry::getKey).toList(), limit).stream().limit(size).toList();
  }

  /** Titles that have a packaged video, most played first, then newest by year. */
  public List<Card> playable(MaturityRating limit, int size) {
    BooleanQuery.Builder b =
        new BooleanQuery.Builder()
            .add(
                org.apache.lucene.document.NumericDocValuesField.newSlowExactQuery(
                    TitleFields.PLAYABLE, 1),
                Occur.FILTER);
    return sorted(b, limit, POPULAR, size);
  }

  /** The origin-store key of a published title's poster, when it has one. */
  public Optional<String> posterKey(String id) {
    return index.current().posterKey(id);
  }

  /**
   * The cards of {@code ids} in that order, leaving out what is not published or is rated above
   * {@code limit} (for rows whose order comes from elsewhere: a list, a history, recommendations).
   */
  public List<Card> cards(List<String> ids, MaturityRating limit) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return withSearcher(
        (generation, searcher) -> {
          List<BytesRef> terms = ids.stream().distinct().map(BytesRef::new).toList();
          BooleanQuery.Builder b =
              new BooleanQuery.Builder()
                  .add(new TermInSetQuery(TitleFields.ID, terms), Occur.FILTER);
          visible(b, limit);
          Map<String, Card> found = new HashMap<>();
          for (Card c : cards(searcher, searcher.search(b.build(), terms.size()).scoreDocs)) {
            found.put(c.id(), c);
          }
          return ids.stream()
              .distinct()
              .map(found::get)
              .filter(java.util.Objects::nonNull)
              .toList();
        });
  }

  /**
   * "More like this" from the text alone (Lucene's more-like-this over the synopsis, cast and
   * title, and the same genres), for titles nobody has watched together with others yet. Leaves out
   * the title itself and what the limit does not allow.
   */
  public List<Card> moreLikeThis(String id, MaturityRating limit, int size) {
    return withSearcher(
        (generation, searcher) -> {
          BooleanQuery.Builder self =
              new BooleanQuery.Builder()
                  .add(term(TitleFields.ID, id), Occur.FILTER)
                  .add(TitleFields.TITLES, Occur.FILTER);
          ScoreDoc[] found = searcher.search(self.build(), 1).scoreDocs;
          if (found.length == 0) {
            return List.of();
          }
          int doc = found[0].doc;
          MoreLikeThis mlt = new MoreLikeThis(searcher.getIndexReader());
          mlt.setAnalyzer(MLT_ANALYZER);
          mlt.setFieldNames(
              new String[] {TitleFields.SYNOPSIS, TitleFields.CAST, TitleFields.TITLE});
          mlt.setMinTermFreq(1);
          mlt.setMinDocFreq(2);
          mlt.setMaxQueryTerms(25);
          BooleanQuery.Builder b = new BooleanQuery.Builder();
          b.add(mlt.like(doc), Occur.SHOULD);
          for (String genre : searcher.storedFields().document(doc).getValues(TitleFields.GENRE)) {
            b.add(
                boost(term(TitleFields.GENRE_FILTER, TitleFields.genreKey(genre)), 0.5f),
                Occur.SHOULD);
          }
          b.setMinimumNumberShouldMatch(1);
          b.add(term(TitleFields.ID, id), Occur.MUST_NOT);
          visible(b, limit);
          return cards(searcher, searcher.search(b.build(), size).scoreDocs);
        });
  }

  /**
   * The ids of the titles a profile of {@code limit} may see: published, rated at most {@code
   * limit}. Computed once per index reader and limit (a set of at most the catalog's size), for
   * filters that test ids one at a time, such as the recommender's.
   */
  public java.util.Set<String> visibleIds(MaturityRating limit) {
    return withSearcher(
        (generation, searcher) -> {
          IndexReader reader = searcher.getIndexReader();
          VisibleIds held = visibleIds.get(limit);
          if (held != null && held.reader() == reader) {
            return held.ids();
          }
          BooleanQuery.Builder b = new BooleanQuery.Builder();
          visible(b, limit);
          ScoreDoc[] docs = searcher.search(b.build(), Math.max(1, reader.maxDoc())).scoreDocs;
          int[] sorted = docs(docs);
          java.util.Arrays.sort(sorted);
          java.util.Set<String> ids = new java.util.HashSet<>(sorted.length * 2);
          List<LeafReaderContext> leaves = reader.leaves();
          NumericDocValues values = null;
          int leaf = -1;
          for (int doc : sorted) {
            int at = ReaderUtil.subIndex(doc, leaves);
            if (at != leaf) {
              leaf = at;
              values = DocValues.getNumeric(leaves.get(at).reader(), TitleFields.ID_SORT);
            }
            if (values.advanceExact(doc - leaves.get(at).docBase)) {
              ids.add(Long.toString(values.longValue()));
            }
          }
          java.util.Set<String> frozen = java.util.Set.copyOf(ids);
          visibleIds.put(limit, new VisibleIds(reader, frozen));
          return frozen;
        });
  }

  private record VisibleIds(IndexReader reader, java.util.Set<String> ids) {}

  private final Map<MaturityRating, VisibleIds> visibleIds =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Every genre with the number of titles under the limit, biggest first. */
  public List<FacetCount> genres(MaturityRating limit) {
    return withSearcher(
        (generation, searcher) -> {
          BooleanQuery.Builder b = new BooleanQuery.Builder();
          visible(b, limit);
          FacetsCollector collected = searcher.search(b.build(), new FacetsCollectorManager());
          Optional<SortedSetDocValuesReaderState> state = generation.facets(searcher);
          if (state.isEmpty()) {
            return List.of();
          }
          return top(
              new SortedSetDocValuesFacetCounts(state.get(), collected),
              TitleFields.GENRE,
              MAX_GENRES);
        });
  }

  private List<Card> sorted(BooleanQuery.Builder b, MaturityRating limit, Sort sort, int size) {
    visible(b, limit);
    Query q = b.build();
    return withSearcher(
        (generation, searcher) -> {
          return cards(searcher, searcher.search(q, size, sort).scoreDocs);
        });
  }

  // ---- plumbing ----------------------------------------------------------------------------

  /** Titles only, rated at most {@code limit}. */
  private static void visible(BooleanQuery.Builder b, MaturityRating limit) {
    b.add(TitleFields.TITLES, Occur.FILTER);
    if (limit != MaturityRating.NR) {
      b.add(IntPoint.newRangeQuery(TitleFields.RATING_ORD, 0, limit.ordinal()), Occur.FILTER);
    }
  }

  private interface SearcherWork<T> {
    T run(IndexGeneration generation, IndexSearcher searcher) throws IOException;
  }

  private <T> T withSearcher(SearcherWork<T> work) {
    IndexGeneration generation = index.current();
    SearcherManager manager = generation.searchers();
    try {
      IndexSearcher searcher = manager.acquire();
      try {
        return work.run(generation, searcher);
      } finally {
        manager.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Card> cards(IndexSearcher searcher, ScoreDoc[] hits) throws IOException {
    return Cards.read(searcher, docs(hits)).stream().map(Cards.Full::card).toList();
  }

  private static int[] docs(ScoreDoc[] hits) {
    return java.util.Arrays.stream(hits).mapToInt(h -> h.doc).toArray();
  }

  private static Query term(String field, String text) {
    return new TermQuery(new Term(field, text));
  }

  private static Query fuzzy(String field, String text, int edits, int prefix) {
    return new FuzzyQuery(new Term(field, text), edits, prefix, 50, true);
  }

  private static Query boost(Query q, float boost) {
    return new BoostQuery(q, boost);
  }

  private static boolean sameKey(FieldDoc a, FieldDoc b) {
    return a.fields[1].equals(b.fields[1]);
  }

  static String encodeCursor(FieldDoc last) {
    float score = (Float) last.fields[0];
    long id = (Long) last.fields[1];
    String text = "s1:" + Float.floatToIntBits(score) + ":" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code cursor} is one this index could have issued. */
  public static boolean isCursor(String cursor) {
    try {
      decodeCursor(cursor);
      return true;
    } catch (BadCursor e) {
      return false;
    }
  }

  static FieldDoc decodeCursor(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = text.split(":");
      if (parts.length != 3 || !parts[0].equals("s1")) {
        throw new BadCursor();
      }
      float score = Float.intBitsToFloat(Integer.parseInt(parts[1]));
      long id = Long.parseLong(parts[2]);
      return new FieldDoc(0, score, new Object[] {score, id});
    } catch (IllegalArgumentException e) {
      throw e instanceof BadCursor b ? b : new BadCursor();
    }
  }
}

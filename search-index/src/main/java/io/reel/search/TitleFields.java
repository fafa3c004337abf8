package io.reel.search;

import io.reel.domain.title.MaturityRating;
import io.reel.domain.title.TitleMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The schema of the title index. A document is a published title ({@code kind=title}), the plays of
 * one title on one day ({@code kind=plays}) or the packaged media of a title, published or not
 * ({@code kind=media}: its poster and length, which the title's card carries). Changing what a
 * field means is a new {@link #SCHEMA}: an index of another schema is rebuilt from the journal when
 * the node opens it.
 */
public final class TitleFields {

  /** Bumped whenever analysis or fields change; stored in each commit. */
  public static final String SCHEMA = "2";

  static final String KIND = "kind";
  static final String ID = "id";
  static final String ID_SORT = "id_sort";
  static final String TITLE = "title";
  static final String TITLE_EXACT = "title_exact";
  static final String TITLE_PREFIX = "title_prefix";
  static final String TITLE_WORDS = "title_words";
  static final String CAST = "cast";
  static final String CAST_PREFIX = "cast_prefix";
  static final String SYNOPSIS = "synopsis";
  static final String YEAR = "year";
  static final String RATING = "rating";
  static final String RATING_ORD = "rating_ord";
  static final String GENRE = "genre";
  static final String GENRE_FILTER = "genre_f";
  static final String DECADE = "decade";
  static final String DECADE_FILTER = "decade_f";
  static final String PUBLISHED_AT = "published_at";
  static final String SEQ_NR = "seq_nr";
  static final String PLAYS = "plays";
  static final String PLAY_KEY = "play_key";
  static final String PLAY_TITLE = "play_title";
  static final String PLAY_DAY = "play_day";
  static final String PLAY_COUNT = "play_count";
  static final String PLAYABLE = "playable";
  static final String MEDIA_KEY = "media_key";
  static final String MEDIA_POSTER = "media_poster";
  static final String MEDIA_SEQ_NR = "media_seq_nr";

  static final String KIND_TITLE = "title";
  static final String KIND_PLAYS = "plays";
  static final String KIND_MEDIA = "media";

  static final Query TITLES = new TermQuery(new Term(KIND, KIND_TITLE));

  static final FacetsConfig FACETS = facets();

  /** Text that is highlighted: its postings carry offsets, so snippets need no re-analysis. */
  private static final FieldType HIGHLIGHTED = highlighted();

  private static FieldType highlighted() {
    FieldType type = new FieldType(TextField.TYPE_STORED);
    type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    type.freeze();
    return type;
  }

  private TitleFields() {}

  private static FacetsConfig facets() {
    FacetsConfig config = new FacetsConfig();
    config.setMultiValued(GENRE, true);
    return config;
  }

  /** A decade's label, e.g. 1994 is "1990s". */
  public static String decade(int year) {
    return Math.floorDiv(year, 10) * 10 + "s";
  }

  /** The title's words joined by single spaces: what an exact title query must equal. */
  static String exact(String text) {
    return String.join(" ", TitleAnalysis.terms(TitleAnalysis.WORDS, text));
  }

  static Document title(
      String id,
      TitleMetadata m,
      Instant publishedAt,
      long seqNr,
      long plays,
      Optional<Cards.Media> media) {
    Document d = new Document();
    d.add(new StringField(KIND, KIND_TITLE, Field.Store.NO));
    d.add(new StringField(ID, id, Field.Store.YES));
    d.add(new NumericDocValuesField(ID_SORT, Long.parseLong(id)));
    d.add(new Field(TITLE, m.title(), HIGHLIGHTED));
    String exact = exact(m.title());
    d.add(new StringField(TITLE_EXACT, exact, Field.Store.NO));
    // "The Godfather" is also "godfather": an exact or starting match need not type the article.
    for (String article : List.of("the ", "a ", "an ")) {
      if (exact.startsWith(article) && exact.length() > article.length()) {
        d.add(new StringField(TITLE_EXACT, exact.substring(article.length()), Field.Store.NO));
      }
    }
    d.add(new NumericDocValuesField(TITLE_WORDS, exact.isEmpty() ? 0 : exact.split(" ").length));
    d.add(new TextField(TITLE_PREFIX, m.title(), Field.Store.NO));
    for (String name : m.cast()) {
      d.add(new Field(CAST, name, HIGHLIGHTED));
      d.add(new TextField(CAST_PREFIX, name, Field.Store.NO));
    }
    d.add(new Field(SYNOPSIS, m.synopsis(), HIGHLIGHTED));
    d.add(new IntPoint(YEAR, m.year()));
    d.add(new StoredField(YEAR, m.year()));
    d.add(new NumericDocValuesField(YEAR, m.year()));
    MaturityRating rating = m.maturityRating();
    d.add(new StoredField(RATING, rating.label()));
    d.add(new IntPoint(RATING_ORD, rating.ordinal()));
    d.add(new SortedSetDocValuesFacetField(RATING, rating.label()));
    for (String genre : m.genres()) {
      d.add(new StoredField(GENRE, genre));
      d.add(new StringField(GENRE_FILTER, genreKey(genre), Field.Store.NO));
      d.add(new SortedSetDocValuesFacetField(GENRE, genre));
    }
    String decade = decade(m.year());
    d.add(new StringField(DECADE_FILTER, decade, Field.Store.NO));
    d.add(new SortedSetDocValuesFacetField(DECADE, decade));
    d.add(new StoredField(PUBLISHED_AT, publishedAt.toEpochMilli()));
    d.add(new NumericDocValuesField(PUBLISHED_AT, publishedAt.toEpochMilli()));
    d.add(new StoredField(SEQ_NR, seqNr));
    d.add(new NumericDocValuesField(PLAYS, plays));
    d.add(new NumericDocValuesField(PLAYABLE, media.isPresent() ? 1 : 0));
    Cards.add(d, id, m, media);
    return d;
  }

  /** A title's packaged media, kept whether or not the title is published. */
  static Document media(String titleId, Cards.Media media, long seqNr) {
    Document d = new Document();
    d.add(new StringField(KIND, KIND_MEDIA, Field.Store.NO));
    d.add(new StringField(MEDIA_KEY, titleId, Field.Store.YES));
    d.add(new StoredField(MEDIA_POSTER, media.posterKey() == null ? "" : media.posterKey()));
    d.add(new StoredField(MEDIA_SEQ_NR, seqNr));
    return d;
  }

  static String genreKey(String genre) {
    return genre.strip().toLowerCase(Locale.ROOT);
  }

  static Document plays(String titleId, int day, long count) {
    Document d = new Document();
    d.add(new StringField(KIND, KIND_PLAYS, Field.Store.NO));
    d.add(new StringField(PLAY_KEY, playKey(titleId, day), Field.Store.NO));
    d.add(new StoredField(PLAY_TITLE, titleId));
    d.add(new StoredField(PLAY_DAY, day));
    d.add(new StoredField(PLAY_COUNT, count));
    return d;
  }

  static String playKey(String titleId, int day) {
    return titleId + "/" + day;
  }

  static List<String> fieldsToHighlight() {
    return List.of(TITLE, CAST, SYNOPSIS);
  }
}

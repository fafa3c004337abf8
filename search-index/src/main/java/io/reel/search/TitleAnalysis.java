package io.reel.search;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.shingle.ShingleFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * How title text becomes terms. Every field starts the same way: the standard tokenizer (which
 * splits on punctuation and hyphens), possessives dropped, lower case, accents folded to ASCII, so
 * "Léon", "LEON" and "leon" are one term and "Spider-Man" is "spider" "man".
 *
 * <ul>
 *   <li>{@link TitleFields#TITLE}: those words plus each adjacent pair joined ("spiderman"), so
 *       "spider man", "spider-man" and "spiderman" all meet the same terms.
 *   <li>{@link TitleFields#CAST}: the words of each name, names kept apart by a position gap.
 *   <li>{@link TitleFields#SYNOPSIS}: English stop words dropped and words stemmed (Porter), for
 *       queries that describe the story.
 *   <li>{@link TitleFields#TITLE_PREFIX} and {@link TitleFields#CAST_PREFIX}: every leading
 *       fragment (1..20 letters) of each word (and, for titles, of each joined pair), for
 *       suggestions from the first letters.
 * </ul>
 */
public final class TitleAnalysis {

  static final int MAX_PREFIX = 20;

  private TitleAnalysis() {}

  /** The words of a text as the title and cast fields see them. */
  public static final Analyzer WORDS =
      new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
          Tokenizer source = new StandardTokenizer();
          return new TokenStreamComponents(source, words(source));
        }

        @Override
        public int getPositionIncrementGap(String field) {
          return 100; // a phrase never spans two cast names
        }
      };

  /** The stemmed words of a text as the synopsis field sees them. */
  public static final Analyzer STEMMED =
      new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
          Tokenizer source = new StandardTokenizer();
          TokenStream s = new StopFilter(words(source), EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
          return new TokenStreamComponents(source, new PorterStemFilter(s));
        }
      };

  static final Analyzer TITLE =
      new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
          Tokenizer source = new StandardTokenizer();
          return new TokenStreamComponents(source, joinedPairs(words(source)));
        }
      };

  static final Analyzer TITLE_PREFIXES =
      new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
          Tokenizer source = new StandardTokenizer();
          return new TokenStreamComponents(
              source, new EdgeNGramTokenFilter(joinedPairs(words(source)), 1, MAX_PREFIX, true));
        }
      };

  static final Analyzer NAME_PREFIXES =
      new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
          Tokenizer source = new StandardTokenizer();
          return new TokenStreamComponents(
              source, new EdgeNGramTokenFilter(words(source), 1, MAX_PREFIX, true));
        }

        @Override
        public int getPositionIncrementGap(String field) {
          return 100;
        }
      };

  /** The analyzer the index writer and the highlighter use, one per field. */
  static Analyzer perField() {
    return new PerFieldAnalyzerWrapper(
        WORDS,
        Map.of(
            TitleFields.TITLE, TITLE,
            TitleFields.SYNOPSIS, STEMMED,
            TitleFields.TITLE_PREFIX, TITLE_PREFIXES,
            TitleFields.CAST_PREFIX, NAME_PREFIXES));
  }

  private static TokenStream words(Tokenizer source) {
    return new ASCIIFoldingFilter(new LowerCaseFilter(new EnglishPossessiveFilter(source)));
  }

  private static TokenStream joinedPairs(TokenStream words) {
    ShingleFilter pairs = new ShingleFilter(words, 2, 2);
    pairs.setTokenSeparator("");
    pairs.setOutputUnigrams(true);
    pairs.setFillerToken("");
    return pairs;
  }

  /** The terms {@code analyzer} makes of {@code text}, in order. */
  public static List<String> terms(Analyzer analyzer, String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream("", new StringReader(text))) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
    return out;
  }
}

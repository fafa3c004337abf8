package io.reel.search;

import java.io.IOException;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.DoubleValues;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.IndexSearcher;

/**
 * What a title's relevance is multiplied by, besides the text: a popularity prior from its plays in
 * the last days ({@code 1 + 0.1 ln(1 + plays)}, so 100 plays weigh about 1.46) and a small recency
 * prior from its year (up to 4 % for this decade's films). Text relevance decides; these order near
 * ties the way a viewer expects. Suggestions, where every match scores the same, also prefer short
 * titles ({@code 1 / (1 + 0.06 (words - 1))}): the typed prefix is more of them.
 */
final class Priors extends DoubleValuesSource {

  static final Priors INSTANCE = new Priors(false);
  static final Priors SUGGEST = new Priors(true);

  static final double POPULARITY = 0.1;
  static final double RECENCY = 0.04;
  static final double BREVITY = 0.06;

  private final boolean brevity;

  private Priors(boolean brevity) {
    this.brevity = brevity;
  }

  static double of(long plays, int year) {
    double recency = Math.max(0, Math.min(1, (year - 1920) / 105.0));
    return (1 + POPULARITY * Math.log1p(Math.max(0, plays))) * (1 + RECENCY * recency);
  }

  @Override
  public DoubleValues getValues(LeafReaderContext ctx, DoubleValues scores) throws IOException {
    NumericDocValues plays = DocValues.getNumeric(ctx.reader(), TitleFields.PLAYS);
    NumericDocValues years = DocValues.getNumeric(ctx.reader(), TitleFields.YEAR);
    NumericDocValues words = DocValues.getNumeric(ctx.reader(), TitleFields.TITLE_WORDS);
    return new DoubleValues() {
      private double value;

      @Override
      public double doubleValue() {
        return value;
      }

      @Override
      public boolean advanceExact(int doc) throws IOException {
        long p = plays.advanceExact(doc) ? plays.longValue() : 0;
        int y = years.advanceExact(doc) ? (int) years.longValue() : 1920;
        value = of(p, y);
        if (brevity) {
          long n = words.advanceExact(doc) ? words.longValue() : 1;
          value /= 1 + BREVITY * Math.max(0, n - 1);
        }
        return true;
      }
    };
  }

  @Override
  public boolean needsScores() {
    return false;
  }

  @Override
  public DoubleValuesSource rewrite(IndexSearcher searcher) {
    return this;
  }

  @Override
  public boolean isCacheable(LeafReaderContext ctx) {
    return false; // plays change in place (doc-value updates)
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(brevity);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Priors p && p.brevity == brevity;
  }

  @Override
  public String toString() {
    return brevity ? "priors(plays, year, title words)" : "priors(plays, year)";
  }
}

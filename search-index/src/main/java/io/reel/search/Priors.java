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
 * ties the way a viewer expects.
 */
final class Priors extends DoubleValuesSource {

  static final Priors INSTANCE = new Priors();

  static final double POPULARITY = 0.1;
  static final double RECENCY = 0.04;

  private Priors() {}

  static double of(long plays, int year) {
    double recency = Math.max(0, Math.min(1, (year - 1920) / 105.0));
    return (1 + POPULARITY * Math.log1p(Math.max(0, plays))) * (1 + RECENCY * recency);
  }

  @Override
  public DoubleValues getValues(LeafReaderContext ctx, DoubleValues scores) throws IOException {
    NumericDocValues plays = DocValues.getNumeric(ctx.reader(), TitleFields.PLAYS);
    NumericDocValues years = DocValues.getNumeric(ctx.reader(), TitleFields.YEAR);
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
    return Priors.class.hashCode();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Priors;
  }

  @Override
  public String toString() {
    return "priors(plays, year)";
  }
}

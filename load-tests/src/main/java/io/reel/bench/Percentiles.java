package io.reel.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Latency samples in nanoseconds, read as nearest-rank percentiles in milliseconds: the p-th
 * percentile of n samples is the ceil(p * n)-th smallest, so it is always a measured value and p =
 * 1 is the maximum. Every benchmark reports through this one definition so their figures compare.
 */
final class Percentiles {

  private final long[] sorted;

  private Percentiles(long[] sorted) {
    this.sorted = sorted;
  }

  static Percentiles of(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Percentiles(sorted);
  }

  /** Copies through {@code toArray}, which a synchronized list guards, while workers may add. */
  static Percentiles of(Collection<Long> nanos) {
    return of(Arrays.stream(nanos.toArray(Long[]::new)).mapToLong(Long::longValue).toArray());
  }

  /** The nearest-rank {@code p}-th percentile (0 < p <= 1) in milliseconds; NaN without samples. */
  double ms(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
  }

  int count() {
    return sorted.length;
  }

  /** "p50 ..., p90 ..., p99 ..., max ... (n=...)", in milliseconds. */
  String summary() {
    return String.format(
        "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)",
        ms(0.5), ms(0.9), ms(0.99), ms(1.0), count());
  }
}

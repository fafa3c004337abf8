package io.reel.write.catalog;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What an import tells its caller while it runs, one JSON object per line. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ImportReport.LineSkipped.class, name = "skipped"),
  @JsonSubTypes.Type(value = ImportReport.Progress.class, name = "progress"),
  @JsonSubTypes.Type(value = ImportReport.Failed.class, name = "failed"),
})
public sealed interface ImportReport {

  /** A line that did not become a title, and why. Line numbers start at 1. */
  record LineSkipped(long line, String reason) implements ImportReport {}

  /**
   * Counts so far; {@code done} on the last one. {@code created + updated + unchanged + duplicates
   * + invalid = lines} once done.
   */
  record Progress(
      String source,
      long lines,
      long created,
      long updated,
      long unchanged,
      long duplicates,
      long invalid,
      double linesPerSecond,
      boolean done)
      implements ImportReport {}

  /** The import stopped early (for example a line over the length limit); counts are final. */
  record Failed(String reason, Progress progress) implements ImportReport {}
}

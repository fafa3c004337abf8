package io.reel.projections.kafka;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.reel.domain.title.TitleEvent;
import io.reel.domain.title.TitleMetadata;
import java.time.Instant;
import java.util.List;

/**
 * The public schema of title events on Kafka ({@code reel.title-events.v1}), documented in
 * docs/events.md and in {@code schemas/title-event-v1.json}. Separate from the journal's {@link
 * TitleEvent}: internal events may change, this may only grow optional fields.
 *
 * @param eventId unique per event ({@code titleId:sequenceNr}): consumers de-duplicate on it
 * @param type created, updated, published, unpublished, retired or packaged
 * @param title present on created, updated and published; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublicTitleEvent(
    String schema,
    String eventId,
    String type,
    String titleId,
    long sequenceNr,
    Instant occurredAt,
    Details title) {

  public static final String SCHEMA = "reel.title-event/v1";

  public record Details(
      String name,
      int year,
      String synopsis,
      List<String> cast,
      List<String> genres,
      String maturityRating) {

    static Details of(TitleMetadata m) {
      return new Details(
          m.title(), m.year(), m.synopsis(), m.cast(), m.genres(), m.maturityRating().label());
    }
  }

  /**
   * The one mapping from internal to public events; empty for internal-only events (the media
   * pipeline's job bookkeeping). A completed package is public as {@code packaged}.
   */
  public static java.util.Optional<PublicTitleEvent> of(TitleEvent event, long sequenceNr) {
    String type;
    Details details = null;
    if (event instanceof TitleEvent.Created e) {
      type = "created";
      details = Details.of(e.metadata());
    } else if (event instanceof TitleEvent.MetadataUpdated e) {
      type = "updated";
      details = Details.of(e.metadata());
    } else if (event instanceof TitleEvent.Published e) {
      type = "published";
      details = Details.of(e.metadata());
    } else if (event instanceof TitleEvent.Unpublished) {
      type = "unpublished";
    } else if (event instanceof TitleEvent.Retired) {
      type = "retired";
    } else if (event instanceof TitleEvent.MediaPackaged) {
      type = "packaged";
    } else {
      return java.util.Optional.empty();
    }
    String id = event.titleId().asString();
    return java.util.Optional.of(
        new PublicTitleEvent(
            SCHEMA, id + ":" + sequenceNr, type, id, sequenceNr, event.occurredAt(), details));
  }
}

package io.reel.domain.title;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import java.time.Instant;

/**
 * Facts about a title, as stored in its journal. Never rename or delete one of these types: the
 * journal stores their names. Events that change what viewers see carry the full metadata, so
 * projections need no state of their own to publish them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TitleEvent.Created.class, name = "created"),
  @JsonSubTypes.Type(value = TitleEvent.MetadataUpdated.class, name = "metadata-updated"),
  @JsonSubTypes.Type(value = TitleEvent.Published.class, name = "published"),
  @JsonSubTypes.Type(value = TitleEvent.Unpublished.class, name = "unpublished"),
  @JsonSubTypes.Type(value = TitleEvent.Retired.class, name = "retired"),
})
public sealed interface TitleEvent extends CborSerializable {

  TitleId titleId();

  Instant occurredAt();

  /**
   * @param importKey the catalog import's natural key when the title came from an import, else null
   */
  record Created(TitleId titleId, TitleMetadata metadata, String importKey, Instant occurredAt)
      implements TitleEvent {}

  record MetadataUpdated(TitleId titleId, TitleMetadata metadata, Instant occurredAt)
      implements TitleEvent {}

  record Published(TitleId titleId, TitleMetadata metadata, Instant occurredAt)
      implements TitleEvent {}

  record Unpublished(TitleId titleId, Instant occurredAt) implements TitleEvent {}

  record Retired(TitleId titleId, Instant occurredAt) implements TitleEvent {}
}

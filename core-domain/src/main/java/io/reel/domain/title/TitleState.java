package io.reel.domain.title;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import io.reel.domain.media.TitleMedia;
import java.time.Instant;

/** A title's lifecycle, one record per phase. Immutable: {@link Title#evolve} returns a new one. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "phase")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TitleState.Empty.class, name = "empty"),
  @JsonSubTypes.Type(value = TitleState.Draft.class, name = "draft"),
  @JsonSubTypes.Type(value = TitleState.Live.class, name = "published"),
  @JsonSubTypes.Type(value = TitleState.Retired.class, name = "retired"),
})
public sealed interface TitleState extends CborSerializable {

  TitleState EMPTY = new Empty();

  /** Nothing has happened to this id yet. */
  record Empty() implements TitleState {}

  /** Created or unpublished: visible to operators only. */
  record Draft(
      TitleId titleId,
      TitleMetadata metadata,
      String importKey,
      Instant createdAt,
      Instant updatedAt,
      TitleMedia media)
      implements TitleState {
    public Draft {
      media = media == null ? TitleMedia.NONE : media;
    }
  }

  /** Published: visible in the catalog. */
  record Live(
      TitleId titleId,
      TitleMetadata metadata,
      String importKey,
      Instant createdAt,
      Instant updatedAt,
      Instant publishedAt,
      TitleMedia media)
      implements TitleState {
    public Live {
      media = media == null ? TitleMedia.NONE : media;
    }
  }

  /** Retired for good: kept for history, never shown again. */
  record Retired(TitleId titleId, TitleMetadata metadata, Instant createdAt, Instant retiredAt)
      implements TitleState {}
}

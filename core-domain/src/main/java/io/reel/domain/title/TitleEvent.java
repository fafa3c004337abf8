package io.reel.domain.title;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import io.reel.domain.media.MediaPackage;
import io.reel.domain.media.Rendition;
import io.reel.domain.media.SourceFile;
import java.time.Instant;
import java.util.List;

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
  @JsonSubTypes.Type(value = TitleEvent.SourceUploaded.class, name = "source-uploaded"),
  @JsonSubTypes.Type(value = TitleEvent.TranscodeStarted.class, name = "transcode-started"),
  @JsonSubTypes.Type(value = TitleEvent.SourceProbed.class, name = "source-probed"),
  @JsonSubTypes.Type(value = TitleEvent.TranscodeProgressed.class, name = "transcode-progressed"),
  @JsonSubTypes.Type(value = TitleEvent.MediaPackaged.class, name = "media-packaged"),
  @JsonSubTypes.Type(value = TitleEvent.TranscodeFailed.class, name = "transcode-failed"),
  @JsonSubTypes.Type(value = TitleEvent.TranscodeCancelled.class, name = "transcode-cancelled"),
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

  /** A new source version is stored and waits for a transcode worker. */
  record SourceUploaded(TitleId titleId, SourceFile source, Instant occurredAt)
      implements TitleEvent {}

  /** A worker took the job of {@code sourceVersion}; attempt 2+ means a restart. */
  record TranscodeStarted(
      TitleId titleId, int sourceVersion, int attempt, String worker, Instant occurredAt)
      implements TitleEvent {}

  record SourceProbed(
      TitleId titleId,
      int sourceVersion,
      double durationSeconds,
      List<Rendition> ladder,
      Instant occurredAt)
      implements TitleEvent {}

  /** Persisted at a throttled rate, not per ffmpeg progress line. */
  record TranscodeProgressed(
      TitleId titleId, int sourceVersion, double percent, Long etaSeconds, Instant occurredAt)
      implements TitleEvent {}

  /** The package is complete in the origin store; the title switches to it atomically. */
  record MediaPackaged(TitleId titleId, MediaPackage media, Instant occurredAt)
      implements TitleEvent {}

  record TranscodeFailed(
      TitleId titleId, int sourceVersion, String reason, String stderrKey, Instant occurredAt)
      implements TitleEvent {}

  record TranscodeCancelled(TitleId titleId, int sourceVersion, Instant occurredAt)
      implements TitleEvent {}
}

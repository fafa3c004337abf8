package io.reel.domain.title;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import io.reel.domain.media.MediaPackage;
import io.reel.domain.media.Rendition;
import java.util.List;

/**
 * What may be asked of a title. The entity adds the reply address; the rules live in {@link Title}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TitleCommand.Create.class, name = "create"),
  @JsonSubTypes.Type(value = TitleCommand.Import.class, name = "import"),
  @JsonSubTypes.Type(value = TitleCommand.UpdateMetadata.class, name = "update-metadata"),
  @JsonSubTypes.Type(value = TitleCommand.Publish.class, name = "publish"),
  @JsonSubTypes.Type(value = TitleCommand.Unpublish.class, name = "unpublish"),
  @JsonSubTypes.Type(value = TitleCommand.Retire.class, name = "retire"),
  @JsonSubTypes.Type(value = TitleCommand.Get.class, name = "get"),
  @JsonSubTypes.Type(value = TitleCommand.AttachSource.class, name = "attach-source"),
  @JsonSubTypes.Type(value = TitleCommand.StartTranscode.class, name = "start-transcode"),
  @JsonSubTypes.Type(value = TitleCommand.RecordProbe.class, name = "record-probe"),
  @JsonSubTypes.Type(value = TitleCommand.RecordProgress.class, name = "record-progress"),
  @JsonSubTypes.Type(value = TitleCommand.CompletePackage.class, name = "complete-package"),
  @JsonSubTypes.Type(value = TitleCommand.FailTranscode.class, name = "fail-transcode"),
  @JsonSubTypes.Type(value = TitleCommand.CancelTranscode.class, name = "cancel-transcode"),
})
public sealed interface TitleCommand extends CborSerializable {

  record Create(TitleMetadata metadata) implements TitleCommand {}

  /**
   * Create-and-publish from a catalog import. Idempotent: importing the same entry again changes
   * nothing; importing changed metadata for an imported title updates it.
   */
  record Import(TitleMetadata metadata, String importKey) implements TitleCommand {}

  record UpdateMetadata(TitleMetadata metadata) implements TitleCommand {}

  record Publish() implements TitleCommand {}

  record Unpublish() implements TitleCommand {}

  record Retire() implements TitleCommand {}

  record Get() implements TitleCommand {}

  // Media commands. Everything a worker sends names the source version it works on; a command for
  // a version that is no longer the active job is accepted with no events, so redelivered or
  // stale commands are harmless. A worker reads the reply's state to learn whether to go on.

  /** A source file is stored; the entity numbers the version. */
  record AttachSource(String objectKey, String sha256, long sizeBytes, String fileName)
      implements TitleCommand {}

  record StartTranscode(int sourceVersion, String worker) implements TitleCommand {}

  // Worker commands also name the attempt: a worker that lost its job to a newer attempt (its
  // node was thought gone) can no longer change it.

  record RecordProbe(int sourceVersion, int attempt, double durationSeconds, List<Rendition> ladder)
      implements TitleCommand {}

  record RecordProgress(int sourceVersion, int attempt, double percent, Long etaSeconds)
      implements TitleCommand {}

  record CompletePackage(MediaPackage media, int attempt) implements TitleCommand {}

  record FailTranscode(int sourceVersion, int attempt, String reason, String stderrKey)
      implements TitleCommand {}

  /** Operator cancel of the active job; nothing to do when there is none. */
  record CancelTranscode() implements TitleCommand {}
}

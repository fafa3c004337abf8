package io.reel.domain.title;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;

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
}

package io.reel.domain.personal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import java.time.Instant;

/** What a viewer can ask of a profile's own choices. Times and ids come from the caller. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PersonalCommand.Add.class, name = "add"),
  @JsonSubTypes.Type(value = PersonalCommand.Remove.class, name = "remove"),
  @JsonSubTypes.Type(value = PersonalCommand.Rate.class, name = "rate"),
  @JsonSubTypes.Type(value = PersonalCommand.Unrate.class, name = "unrate"),
  @JsonSubTypes.Type(value = PersonalCommand.Dismiss.class, name = "dismiss"),
  @JsonSubTypes.Type(value = PersonalCommand.DeleteHistory.class, name = "delete-history"),
  @JsonSubTypes.Type(value = PersonalCommand.Get.class, name = "get"),
})
public sealed interface PersonalCommand extends CborSerializable {

  /** Put a title on the list; {@code addId} is fresh (used only when the title is not there). */
  record Add(String titleId, String addId, Instant now) implements PersonalCommand {}

  record Remove(String titleId, Instant now) implements PersonalCommand {}

  record Rate(String titleId, Rating rating, Instant now) implements PersonalCommand {}

  record Unrate(String titleId, Instant now) implements PersonalCommand {}

  record Dismiss(String titleId, Instant now) implements PersonalCommand {}

  record DeleteHistory(String titleId, Instant now) implements PersonalCommand {}

  record Get() implements PersonalCommand {}
}

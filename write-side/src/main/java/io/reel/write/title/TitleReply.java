package io.reel.write.title;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import io.reel.domain.title.Rejection;
import io.reel.domain.title.TitleState;

/** The title entity's answer. Rejections are replies, never exceptions. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TitleReply.Accepted.class, name = "accepted"),
  @JsonSubTypes.Type(value = TitleReply.Rejected.class, name = "rejected"),
})
public sealed interface TitleReply extends CborSerializable {

  /**
   * @param eventsPersisted how many events the command persisted; 0 when it changed nothing
   */
  record Accepted(TitleState state, int eventsPersisted) implements TitleReply {}

  record Rejected(Rejection rejection) implements TitleReply {}
}

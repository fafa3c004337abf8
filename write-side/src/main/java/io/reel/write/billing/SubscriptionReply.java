package io.reel.write.billing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import io.reel.domain.billing.SubscriptionState;
import io.reel.domain.title.Rejection;

/** The subscription entity's answer. Rejections are replies, never exceptions. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = SubscriptionReply.Accepted.class, name = "accepted"),
  @JsonSubTypes.Type(value = SubscriptionReply.Rejected.class, name = "rejected"),
})
public sealed interface SubscriptionReply extends CborSerializable {

  record Accepted(SubscriptionState state, int eventsPersisted) implements SubscriptionReply {}

  record Rejected(Rejection rejection) implements SubscriptionReply {}
}

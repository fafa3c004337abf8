package io.reel.write.account;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import io.reel.domain.account.AccountState;
import io.reel.domain.title.Rejection;

/** The account entity's answer. Rejections are replies, never exceptions. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AccountReply.Accepted.class, name = "accepted"),
  @JsonSubTypes.Type(value = AccountReply.Rejected.class, name = "rejected"),
})
public sealed interface AccountReply extends CborSerializable {

  record Accepted(AccountState state, int eventsPersisted) implements AccountReply {}

  record Rejected(Rejection rejection) implements AccountReply {}
}

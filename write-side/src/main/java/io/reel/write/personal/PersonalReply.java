package io.reel.write.personal;

import io.reel.domain.CborSerializable;
import io.reel.domain.personal.PersonalState;
import io.reel.domain.title.Rejection;

/** What the personal entity answers. */
public sealed interface PersonalReply extends CborSerializable {

  record Accepted(PersonalState state) implements PersonalReply {}

  record Rejected(Rejection rejection) implements PersonalReply {}
}

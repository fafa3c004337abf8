package io.reel.write.personal;

import io.reel.domain.CborSerializable;
import io.reel.domain.personal.PersonalState;
import io.reel.domain.title.Rejection;

/** What the personal entity answers. */
public sealed interface PersonalReply extends CborSerializable {

  /** The answer to {@code Get}: the profile's list and ratings. */
  record Accepted(PersonalState state) implements PersonalReply {}

  /**
   * A change was taken (or changed nothing). It carries no state: a profile's state can be large
   * (10,000 ratings), and a reply crosses the network when the entity lives on another node.
   */
  record Done() implements PersonalReply {}

  record Rejected(Rejection rejection) implements PersonalReply {}
}

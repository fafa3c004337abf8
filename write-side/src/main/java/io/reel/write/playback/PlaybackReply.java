package io.reel.write.playback;

import io.reel.domain.CborSerializable;
import io.reel.domain.playback.PlaybackState;
import io.reel.domain.title.Rejection;

/** What the playback entity answers. */
public sealed interface PlaybackReply extends CborSerializable {

  /**
   * @param resumeAt where the command's profile should start its title (for Start: as it was before
   *     this session opened)
   */
  record Accepted(PlaybackState state, double resumeAt) implements PlaybackReply {}

  record Rejected(Rejection rejection) implements PlaybackReply {}
}

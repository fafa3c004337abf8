package io.reel.domain.personal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * Facts about one profile's own choices: its list, its ratings, what it took off its rows. Never
 * rename or delete one of these types.
 *
 * <p>The list's events are shaped as an observed-remove set so that a later multi-region version
 * can merge concurrent changes: every add carries a unique {@code addId}, and a remove names the
 * add ids it saw. An add that a remove did not see survives the merge.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PersonalEvent.Listed.class, name = "listed"),
  @JsonSubTypes.Type(value = PersonalEvent.Unlisted.class, name = "unlisted"),
  @JsonSubTypes.Type(value = PersonalEvent.Rated.class, name = "rated"),
  @JsonSubTypes.Type(value = PersonalEvent.Unrated.class, name = "unrated"),
  @JsonSubTypes.Type(value = PersonalEvent.RowDismissed.class, name = "row-dismissed"),
  @JsonSubTypes.Type(value = PersonalEvent.HistoryDeleted.class, name = "history-deleted"),
})
public sealed interface PersonalEvent extends CborSerializable {

  String accountId();

  String profileId();

  String titleId();

  Instant occurredAt();

  /** The title went on the profile's list; {@code addId} is unique to this add. */
  record Listed(
      String accountId, String profileId, String titleId, String addId, Instant occurredAt)
      implements PersonalEvent {}

  /** The title left the list: the adds {@code addIds} (those this replica had seen) are removed. */
  record Unlisted(
      String accountId, String profileId, String titleId, List<String> addIds, Instant occurredAt)
      implements PersonalEvent {
    public Unlisted {
      addIds = List.copyOf(addIds);
    }
  }

  record Rated(
      String accountId, String profileId, String titleId, Rating rating, Instant occurredAt)
      implements PersonalEvent {}

  /** The profile took its rating of the title back. */
  record Unrated(String accountId, String profileId, String titleId, Instant occurredAt)
      implements PersonalEvent {}

  /**
   * "Remove from row": the title leaves continue watching until it is played again after {@code
   * occurredAt}.
   */
  record RowDismissed(String accountId, String profileId, String titleId, Instant occurredAt)
      implements PersonalEvent {}

  /** The viewer deleted the title from the profile's viewing history (plays before now). */
  record HistoryDeleted(String accountId, String profileId, String titleId, Instant occurredAt)
      implements PersonalEvent {}
}

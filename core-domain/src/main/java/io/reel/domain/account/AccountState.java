package io.reel.domain.account;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** An account's lifecycle, one record per phase. Immutable: {@link Account#evolve} returns anew. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "phase")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AccountState.Empty.class, name = "empty"),
  @JsonSubTypes.Type(value = AccountState.Active.class, name = "active"),
  @JsonSubTypes.Type(value = AccountState.Closed.class, name = "closed"),
})
public sealed interface AccountState extends CborSerializable {

  AccountState EMPTY = new Empty();

  record Empty() implements AccountState {}

  /**
   * @param verification the pending e-mail verification, or null
   * @param reset the pending password reset, or null
   * @param roles granted roles, e.g. {@code operator}; empty for viewers
   */
  record Active(
      AccountId accountId,
      Sealed email,
      String emailHash,
      String passwordHash,
      boolean verified,
      OneTimeToken verification,
      OneTimeToken reset,
      List<Profile> profiles,
      Instant createdAt,
      Set<String> roles)
      implements AccountState {
    public Active {
      profiles = profiles == null ? List.of() : List.copyOf(profiles);
      // Snapshots from before roles existed have none.
      roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public Optional<Profile> profile(String profileId) {
      return profiles.stream().filter(p -> p.profileId().equals(profileId)).findFirst();
    }

    @Override
    public String toString() {
      return "Active["
          + accountId
          + ", verified="
          + verified
          + ", roles="
          + roles
          + ", "
          + profiles
          + "]";
    }
  }

  /** Closed for good. Keeps no personal data (nor its hash): only that the id was used. */
  record Closed(AccountId accountId, Instant closedAt) implements AccountState {}
}

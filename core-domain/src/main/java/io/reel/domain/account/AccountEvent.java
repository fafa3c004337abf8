package io.reel.domain.account;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import java.time.Instant;

/**
 * Facts about an account, as stored in its journal. Never rename or delete one of these types.
 * Personal data appears only sealed, so destroying the account's data key erases it from every
 * event at once; secrets appear only hashed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AccountEvent.SignedUp.class, name = "signed-up"),
  @JsonSubTypes.Type(value = AccountEvent.VerificationIssued.class, name = "verification-issued"),
  @JsonSubTypes.Type(value = AccountEvent.EmailVerified.class, name = "email-verified"),
  @JsonSubTypes.Type(value = AccountEvent.PasswordChanged.class, name = "password-changed"),
  @JsonSubTypes.Type(
      value = AccountEvent.PasswordResetRequested.class,
      name = "password-reset-requested"),
  @JsonSubTypes.Type(value = AccountEvent.PasswordReset.class, name = "password-reset"),
  @JsonSubTypes.Type(value = AccountEvent.ProfileAdded.class, name = "profile-added"),
  @JsonSubTypes.Type(value = AccountEvent.ProfileUpdated.class, name = "profile-updated"),
  @JsonSubTypes.Type(value = AccountEvent.ProfileRemoved.class, name = "profile-removed"),
  @JsonSubTypes.Type(value = AccountEvent.AccountClosed.class, name = "account-closed"),
  @JsonSubTypes.Type(value = AccountEvent.RoleGranted.class, name = "role-granted"),
  @JsonSubTypes.Type(value = AccountEvent.RoleRevoked.class, name = "role-revoked"),
})
public sealed interface AccountEvent extends CborSerializable {

  AccountId accountId();

  Instant occurredAt();

  record SignedUp(
      AccountId accountId,
      Sealed email,
      String emailHash,
      String passwordHash,
      Profile firstProfile,
      Instant occurredAt)
      implements AccountEvent {}

  record VerificationIssued(
      AccountId accountId, String tokenHash, Instant expiresAt, Instant occurredAt)
      implements AccountEvent {}

  record EmailVerified(AccountId accountId, Instant occurredAt) implements AccountEvent {}

  record PasswordChanged(AccountId accountId, String passwordHash, Instant occurredAt)
      implements AccountEvent {}

  record PasswordResetRequested(
      AccountId accountId, String tokenHash, Instant expiresAt, Instant occurredAt)
      implements AccountEvent {}

  record PasswordReset(AccountId accountId, String passwordHash, Instant occurredAt)
      implements AccountEvent {}

  record ProfileAdded(AccountId accountId, Profile profile, Instant occurredAt)
      implements AccountEvent {}

  record ProfileUpdated(AccountId accountId, Profile profile, Instant occurredAt)
      implements AccountEvent {}

  record ProfileRemoved(AccountId accountId, String profileId, Instant occurredAt)
      implements AccountEvent {}

  record AccountClosed(AccountId accountId, Instant occurredAt) implements AccountEvent {}

  /** {@code grantedBy}: the operator's account id, or "bootstrap" for the node's first operator. */
  record RoleGranted(AccountId accountId, String role, String grantedBy, Instant occurredAt)
      implements AccountEvent {}

  record RoleRevoked(AccountId accountId, String role, String revokedBy, Instant occurredAt)
      implements AccountEvent {}
}

package io.reel.domain.account;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.reel.domain.CborSerializable;
import java.time.Instant;

/**
 * What may be asked of an account. Secrets arrive already processed: passwords as Argon2 hashes,
 * e-mailed tokens as SHA-256 hex, personal data sealed. The time of a check is the entity's clock
 * (the {@code now} of {@link Account#decide}), not the caller's.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AccountCommand.SignUp.class, name = "sign-up"),
  @JsonSubTypes.Type(value = AccountCommand.IssueVerification.class, name = "issue-verification"),
  @JsonSubTypes.Type(value = AccountCommand.VerifyEmail.class, name = "verify-email"),
  @JsonSubTypes.Type(value = AccountCommand.ChangePassword.class, name = "change-password"),
  @JsonSubTypes.Type(
      value = AccountCommand.RequestPasswordReset.class,
      name = "request-password-reset"),
  @JsonSubTypes.Type(value = AccountCommand.ResetPassword.class, name = "reset-password"),
  @JsonSubTypes.Type(value = AccountCommand.AddProfile.class, name = "add-profile"),
  @JsonSubTypes.Type(value = AccountCommand.UpdateProfile.class, name = "update-profile"),
  @JsonSubTypes.Type(value = AccountCommand.RemoveProfile.class, name = "remove-profile"),
  @JsonSubTypes.Type(value = AccountCommand.Close.class, name = "close"),
  @JsonSubTypes.Type(value = AccountCommand.Get.class, name = "get"),
  @JsonSubTypes.Type(value = AccountCommand.GrantRole.class, name = "grant-role"),
  @JsonSubTypes.Type(value = AccountCommand.RevokeRole.class, name = "revoke-role"),
})
public sealed interface AccountCommand extends CborSerializable {

  /**
   * Creates the account with its first profile (an account always has one to watch with). {@code
   * emailHash} is null for accounts made since issue 11 (the keyed hash is derived from the sealed
   * address instead, so it is erased with it); older journals carry it.
   */
  record SignUp(Sealed email, String emailHash, String passwordHash, Profile firstProfile)
      implements AccountCommand {}

  record IssueVerification(String tokenHash, Instant expiresAt) implements AccountCommand {}

  record VerifyEmail(String tokenHash) implements AccountCommand {}

  /** The caller has checked the current password; the domain never sees a plaintext. */
  record ChangePassword(String newHash) implements AccountCommand {}

  record RequestPasswordReset(String tokenHash, Instant expiresAt) implements AccountCommand {}

  record ResetPassword(String tokenHash, String newHash) implements AccountCommand {}

  record AddProfile(Profile profile) implements AccountCommand {}

  /** Replaces the profile with the same id. */
  record UpdateProfile(Profile profile) implements AccountCommand {}

  record RemoveProfile(String profileId) implements AccountCommand {}

  record Close() implements AccountCommand {}

  record Get() implements AccountCommand {}

  /**
   * Gives the account a role (see {@link Account#ROLES}). Only an operator may send it (the routes
   * check), or the node itself when it creates the first operator; {@code grantedBy} says who.
   */
  record GrantRole(String role, String grantedBy) implements AccountCommand {}

  record RevokeRole(String role, String revokedBy) implements AccountCommand {}
}

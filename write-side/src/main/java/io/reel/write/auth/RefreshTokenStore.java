package io.reel.write.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Refresh tokens by the SHA-256 of the token (hex; the token itself is never stored) and the
 * families they belong to. A family is one sign-in; revoking it kills every token in it at once.
 */
public interface RefreshTokenStore {

  enum Status {
    ACTIVE,
    USED,
    REVOKED
  }

  record RefreshToken(
      String tokenHash,
      UUID familyId,
      String accountId,
      Status status,
      Instant issuedAt,
      Instant expiresAt,
      Optional<String> replacedBy) {}

  /**
   * One sign-in. {@code expiresAt} is its absolute end, empty when families have none; {@code
   * device} is its {@link DeviceLabel} (empty when unknown, as for families signed in before labels
   * were kept).
   */
  record Family(
      String accountId,
      UUID familyId,
      boolean revoked,
      Instant createdAt,
      Optional<Instant> expiresAt,
      String device) {

    public Family {
      device = device == null ? "" : device;
    }
  }

  /** A sign-in as its account sees it in its list of sessions. */
  record Session(
      UUID familyId,
      String device,
      Instant createdAt,
      Instant lastUsedAt,
      Optional<Instant> expiresAt,
      boolean revoked) {}

  /** Records a new family for the account (before its first token is inserted). */
  CompletionStage<Done> createFamily(Family family);

  /** Stores a new active token. */
  CompletionStage<Done> insert(RefreshToken token);

  CompletionStage<Optional<RefreshToken>> find(String tokenHash);

  CompletionStage<Optional<Family>> findFamily(String accountId, UUID familyId);

  /**
   * Compare-and-set ACTIVE to USED, noting the successor. True for exactly one of any number of
   * concurrent callers; false when the token was not ACTIVE (used, revoked or gone).
   */
  CompletionStage<Boolean> markUsed(RefreshToken token, String replacedBy);

  /** Revokes the family: no token of it refreshes any more, including ones issued later. */
  CompletionStage<Done> revokeFamily(String accountId, UUID familyId);

  /** Every family id recorded for the account (revoked or not, until they expire). */
  CompletionStage<List<UUID>> families(String accountId);

  /** Every family recorded for the account (revoked or not, until they expire), in any order. */
  CompletionStage<List<Session>> sessions(String accountId);
}

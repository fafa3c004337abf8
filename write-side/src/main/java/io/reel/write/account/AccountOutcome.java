package io.reel.write.account;

import io.reel.domain.title.MaturityRating;
import io.reel.write.auth.Tokens;
import java.time.Duration;
import java.util.List;

/** What the account use cases answer; the routes map each to one HTTP status. */
public sealed interface AccountOutcome {

  record Ok() implements AccountOutcome {}

  record Invalid(String message, List<String> errors) implements AccountOutcome {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }

  record NotFound() implements AccountOutcome {}

  /** Signed in, but this needs more proof or rights than the caller gave (403). */
  record Forbidden(String message) implements AccountOutcome {}

  record Conflict(String message) implements AccountOutcome {}

  /** Wrong credentials, said the same way whatever was wrong. */
  record Unauthorized() implements AccountOutcome {}

  record Throttled(Duration retryAfter) implements AccountOutcome {}

  record SignedIn(Tokens.TokenPair tokens) implements AccountOutcome {}

  record Me(AccountView account) implements AccountOutcome {}

  record Profiles(List<ProfileView> profiles) implements AccountOutcome {}

  record AccountView(
      String accountId, String email, boolean emailVerified, List<ProfileView> profiles) {}

  record ProfileView(
      String profileId,
      String name,
      boolean kids,
      MaturityRating maturityLimit,
      String language,
      boolean hasPin) {}
}

package io.reel.read.profiles;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.reel.domain.title.MaturityRating;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A profile's maturity limit, from the {@code profile_limits} read model the profile-limits
 * projection keeps (V012__profile_limits.cql). Only the account's own profiles are found.
 */
public final class ProfileLimits {

  private final CqlSession session;
  private final PreparedStatement select;

  public ProfileLimits(CqlSession session, String keyspace) {
    this.session = session;
    this.select =
        session.prepare(
            "SELECT maturity_limit FROM "
                + keyspace
                + ".profile_limits WHERE account_id = ? AND profile_id = ?");
  }

  /** Empty when the account has no such profile (or the projection has not seen it yet). */
  public CompletionStage<Optional<MaturityRating>> limitOf(String accountId, String profileId) {
    return session
        .executeAsync(select.bind(accountId, profileId))
        .thenApply(
            rs -> {
              Row r = rs.one();
              return r == null
                  ? Optional.<MaturityRating>empty()
                  : MaturityRating.parse(r.getString(0));
            });
  }
}

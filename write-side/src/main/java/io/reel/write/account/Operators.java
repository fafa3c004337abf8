package io.reel.write.account;

import static io.reel.write.account.AccountAsk.done;

import io.reel.domain.account.Account;
import io.reel.domain.account.AccountCommand;
import io.reel.domain.account.AccountId;
import io.reel.write.auth.RoleSource;
import io.reel.write.auth.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may operate this Reel. The operator role is a fact in the account's journal, granted only by
 * an operator (or, once, by the node for its first operator) and carried as a claim in the access
 * tokens issued after it. Revoking the role also ends the account's sessions, so a token that still
 * carries the claim stops working.
 */
public final class Operators {

  private static final Logger log = LoggerFactory.getLogger(Operators.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Who granted the node's first operator. */
  public static final String BOOTSTRAP = "bootstrap";

  private final AccountAsk accounts;
  private final EmailHasher emailHasher;
  private final EmailIndex index;
  private final SignUp signUp;
  private final Tokens tokens;

  public Operators(
      AccountEntities entities,
      EmailHasher emailHasher,
      EmailIndex index,
      SignUp signUp,
      Tokens tokens) {
    this.accounts = new AccountAsk(entities);
    this.emailHasher = emailHasher;
    this.index = index;
    this.signUp = signUp;
    this.tokens = tokens;
  }

  /** Roles for new tokens, from the account: none for a closed or unknown one. */
  public static RoleSource roles(AccountEntities entities) {
    AccountAsk accounts = new AccountAsk(entities);
    return accountId ->
        AccountId.parse(accountId)
            .map(
                id ->
                    accounts
                        .state(id)
                        .thenApply(
                            s -> AccountAsk.active(s).map(a -> a.roles()).orElse(Set.<String>of())))
            .orElseGet(() -> CompletableFuture.completedFuture(Set.of()));
  }

  /** Makes the account that owns {@code email} an operator; NotFound when no open account does. */
  public CompletionStage<AccountOutcome> grant(String email, String grantedBy) {
    return owner(email)
        .thenCompose(
            id ->
                id.isEmpty()
                    ? done(new AccountOutcome.NotFound())
                    : accounts.outcome(
                        id.get(), new AccountCommand.GrantRole(Account.OPERATOR, grantedBy)));
  }

  /**
   * Takes the role away and signs the account out everywhere (its tokens carry the claim until they
   * expire otherwise). An operator cannot revoke itself: someone must be left to operate.
   */
  public CompletionStage<AccountOutcome> revoke(AccountId id, String revokedBy) {
    if (id.asString().equals(revokedBy)) {
      return done(new AccountOutcome.Conflict("an operator cannot revoke its own role"));
    }
    return accounts
        .outcome(id, new AccountCommand.RevokeRole(Account.OPERATOR, revokedBy))
        .thenCompose(
            o ->
                o instanceof AccountOutcome.Ok
                    ? tokens.revokeAll(id.asString()).thenApply(d -> o)
                    : done(o));
  }

  /**
   * The node's first operator: signs up {@code email} with the password in {@code passwordFile} (a
   * new random one, written there with owner-only permissions, when the file does not exist) and
   * grants it the role. Idempotent: an existing account with that address just gets the role.
   */
  public CompletionStage<AccountId> bootstrap(String email, Path passwordFile, Executor blocking) {
    return ensure(email, passwordFile, blocking)
        .thenCompose(
            id ->
                accounts
                    .outcome(id, new AccountCommand.GrantRole(Account.OPERATOR, BOOTSTRAP))
                    .thenApply(
                        o -> {
                          if (!(o instanceof AccountOutcome.Ok)) {
                            throw new IllegalStateException("the first operator: " + o);
                          }
                          log.info("operator {} is account {}", email, id);
                          return id;
                        }));
  }

  /**
   * The account of {@code email}: signed up with the password in {@code passwordFile} (a new random
   * one, written there owner-only, when the file does not exist) unless it exists already. For
   * accounts a local node makes for itself: the first operator, the demo viewer.
   */
  public CompletionStage<AccountId> ensure(String email, Path passwordFile, Executor blocking) {
    return CompletableFuture.supplyAsync(() -> password(passwordFile), blocking)
        .thenCompose(
            password ->
                owner(email)
                    .thenCompose(
                        existing ->
                            existing.isPresent()
                                ? CompletableFuture.completedFuture(existing)
                                : signUp.signUp(email, password).thenCompose(o -> owner(email))))
        .thenApply(
            id ->
                id.orElseThrow(
                    () ->
                        new IllegalStateException(
                            "the account " + email + " could not be created")));
  }

  private CompletionStage<Optional<AccountId>> owner(String email) {
    return index
        .lookup(emailHasher.hash(email))
        .thenCompose(accounts::activeOwner)
        .thenApply(a -> a.map(s -> s.accountId()));
  }

  /** The password in the file, or a new one written to it (readable by the owner only). */
  static String password(Path file) {
    try {
      if (Files.exists(file)) {
        String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!kept.isEmpty()) {
          return kept;
        }
      }
      byte[] raw = new byte[18];
      RANDOM.nextBytes(raw);
      String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".operator", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the directory's permissions are what protects it.
      }
      Files.writeString(tmp, fresh + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the operator password " + file, e);
    }
  }
}

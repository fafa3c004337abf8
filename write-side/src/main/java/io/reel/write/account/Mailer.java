package io.reel.write.account;

import io.reel.domain.account.AccountId;
import java.util.concurrent.CompletionStage;

/** Sends account mails. Implementations must never log the link: it carries a secret token. */
public interface Mailer {

  enum Kind {
    VERIFY_EMAIL,
    PASSWORD_RESET,
    /** Someone tried to sign up with an address that already has an account. */
    ALREADY_REGISTERED
  }

  /**
   * @param accountId the recipient's account
   * @param link the action link, or null for a notice without one
   */
  record Mail(AccountId accountId, String to, Kind kind, String link) {
    @Override
    public String toString() {
      return "Mail[" + kind + " to account " + accountId + "]";
    }
  }

  CompletionStage<Void> send(Mail mail);
}

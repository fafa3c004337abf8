package io.reel.write.account;

import io.reel.domain.account.AccountId;
import io.reel.domain.account.Sealed;
import io.reel.write.playback.DeviceNames;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link DeviceNames} sealed with the account's data key in the {@link PersonalDataVault}. */
public final class VaultDeviceNames implements DeviceNames {

  static final String PREFIX = "sealed:";
  private static final String ERASED = "a device";

  private final PersonalDataVault vault;

  public VaultDeviceNames(PersonalDataVault vault) {
    this.vault = vault;
  }

  @Override
  public CompletionStage<String> seal(String accountId, String name) {
    return vault
        .seal(AccountId.of(accountId), name)
        .thenApply(s -> PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(s.bytes()));
  }

  @Override
  public CompletionStage<String> open(String accountId, String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      return CompletableFuture.completedFuture(stored);
    }
    Sealed sealed;
    try {
      sealed = Sealed.of(Base64.getUrlDecoder().decode(stored.substring(PREFIX.length())));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(ERASED);
    }
    return vault.open(AccountId.of(accountId), sealed).thenApply(n -> n.orElse(ERASED));
  }
}

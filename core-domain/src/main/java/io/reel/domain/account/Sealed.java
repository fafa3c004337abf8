package io.reel.domain.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Personal data encrypted under the account's own data key. Sealed and opened outside the domain
 * (the write side's vault); destroying that key makes every copy in the journal unreadable.
 */
public final class Sealed {

  private final byte[] bytes;

  private Sealed(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Sealed of(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("sealed data must not be empty");
    }
    return new Sealed(bytes);
  }

  @JsonValue
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sealed s && Arrays.equals(bytes, s.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Sealed[" + bytes.length + " bytes]";
  }
}

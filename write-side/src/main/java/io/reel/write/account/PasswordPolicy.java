package io.reel.write.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a new password must be (NIST SP 800-63B style): long enough, not a known common password,
 * not the e-mail's name, not one kind of character repeated. No composition rules beyond that.
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 128;
  private static final String COMMON = "common-passwords.txt";

  private final Set<String> common;

  public PasswordPolicy(Set<String> common) {
    Set<String> lower = new HashSet<>();
    for (String c : common) {
      lower.add(c.toLowerCase(Locale.ROOT));
    }
    this.common = Set.copyOf(lower);
  }

  /** With the bundled list of common and breached passwords. */
  public static PasswordPolicy bundled() {
    try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + COMMON);
      }
      Set<String> out = new HashSet<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
      return new PasswordPolicy(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every rule the password breaks; empty when it is acceptable. */
  public List<String> violations(String password, String email) {
    List<String> v = new ArrayList<>();
    if (password == null) {
      v.add("password is required");
      return v;
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      v.add("password must be at least " + MIN_LENGTH + " characters");
    }
    if (length > MAX_LENGTH) {
      v.add("password must be at most " + MAX_LENGTH + " characters");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (common.contains(lower)) {
      v.add("password is too common");
    }
    String local = localPart(email);
    if (local.length() >= 3 && lower.contains(local)) {
      v.add("password must not contain the e-mail address");
    }
    if (!password.isEmpty() && oneClassRepeated(password)) {
      v.add("password must not be a single character or a single run of digits");
    }
    return v;
  }

  private static String localPart(String email) {
    if (email == null) {
      return "";
    }
    String e = email.strip().toLowerCase(Locale.ROOT);
    int at = e.indexOf('@');
    return at < 0 ? e : e.substring(0, at);
  }

  /** One character repeated, or digits only (a PIN-like password is weak at any length). */
  private static boolean oneClassRepeated(String p) {
    return p.chars().distinct().count() == 1 || p.chars().allMatch(Character::isDigit);
  }
}

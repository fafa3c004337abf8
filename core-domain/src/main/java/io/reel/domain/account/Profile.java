package io.reel.domain.account;

import io.reel.domain.title.MaturityRating;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A viewer profile of an account. The name is personal data, so it is sealed; the PIN is stored
 * only as an Argon2 hash (null when the profile has no PIN).
 *
 * @param language a BCP-47 tag; null means "en"
 */
public record Profile(
    String profileId,
    Sealed name,
    boolean kids,
    MaturityRating maturityLimit,
    String language,
    String pinHash) {

  public static final String DEFAULT_LANGUAGE = "en";

  public Profile {
    language = language == null || language.isBlank() ? DEFAULT_LANGUAGE : language;
  }

  /** The same profile with another maturity limit (for one play a PIN unlocked). */
  public Profile withMaturityLimit(MaturityRating limit) {
    return new Profile(profileId, name, kids, limit, language, pinHash);
  }

  public List<String> violations() {
    List<String> v = new ArrayList<>();
    if (profileId == null || !profileId.matches("[A-Za-z0-9_-]{1,64}")) {
      v.add("profileId must be 1..64 letters, digits, '-' or '_'");
    }
    if (name == null) {
      v.add("name is required");
    }
    if (maturityLimit == null) {
      v.add("maturityLimit is required");
    } else if (kids && maturityLimit.compareTo(MaturityRating.PG) > 0) {
      v.add("a kids profile must have a maturity limit of G or PG");
    }
    if (!validLanguage(language)) {
      v.add("language must be a well-formed BCP-47 tag, e.g. en or pt-BR");
    }
    if (pinHash != null && !pinHash.startsWith("$argon2id$")) {
      v.add("pinHash must be an Argon2id hash");
    }
    return v;
  }

  /** Well-formed when Locale parses it and writes the same tag back (case aside). */
  public static boolean validLanguage(String tag) {
    if (tag == null || tag.isBlank() || tag.length() > 35) {
      return false;
    }
    String back = Locale.forLanguageTag(tag).toLanguageTag();
    return !back.equals("und") && back.equalsIgnoreCase(tag);
  }

  @Override
  public String toString() {
    return "Profile["
        + profileId
        + ", kids="
        + kids
        + ", limit="
        + maturityLimit
        + ", "
        + language
        + ", pin="
        + (pinHash != null)
        + "]";
  }
}

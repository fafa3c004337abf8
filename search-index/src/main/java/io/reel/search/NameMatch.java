package io.reel.search;

import java.util.List;

/** Whether a person's name is what was typed: the rule the suggester shows people by. */
final class NameMatch {

  private NameMatch() {}

  /**
   * Every typed word but the last is one of the name's words (one edit allowed from 4 letters); the
   * last starts one of them (one edit allowed after its first three letters).
   */
  /**
   * Whether a cast entry reads as a person's name: the catalog's cast lists hold notes too, such as
   * "(interviews)" or "Interviews with", which a suggestion should not offer as people. A name
   * starts with a letter and does not end on a lower-case word.
   */
  static boolean looksLikeAName(String entry) {
    String t = entry.strip();
    if (t.isEmpty() || !Character.isLetter(t.codePointAt(0))) {
      return false;
    }
    String last = t.substring(t.lastIndexOf(' ') + 1);
    return !last.isEmpty() && !Character.isLowerCase(last.codePointAt(0));
  }

  static boolean matches(List<String> name, List<String> typed) {
    for (int i = 0; i < typed.size() - 1; i++) {
      String w = typed.get(i);
      if (name.stream().noneMatch(n -> n.equals(w) || (w.length() >= 4 && within1(n, w)))) {
        return false;
      }
    }
    String last = typed.get(typed.size() - 1);
    return name.stream().anyMatch(n -> startsWith(n, last));
  }

  static boolean startsWith(String word, String prefix) {
    if (word.startsWith(prefix)) {
      return true;
    }
    if (prefix.length() < 4 || !word.startsWith(prefix.substring(0, 3))) {
      return false;
    }
    // one edit: compare the prefix with the word's leading part one letter shorter, equal, longer
    for (int len = prefix.length() - 1; len <= prefix.length() + 1; len++) {
      if (len <= word.length() && within1(word.substring(0, len), prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Levenshtein distance of at most one. */
  static boolean within1(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 1) {
      return false;
    }
    int i = 0;
    int j = 0;
    int edits = 0;
    while (i < a.length() && j < b.length()) {
      if (a.charAt(i) == b.charAt(j)) {
        i++;
        j++;
        continue;
      }
      if (++edits > 1) {
        return false;
      }
      if (a.length() > b.length()) {
        i++;
      } else if (a.length() < b.length()) {
        j++;
      } else {
        i++;
        j++;
      }
    }
    return edits + (a.length() - i) + (b.length() - j) <= 1;
  }
}

package io.reel.node;

/** Failure messages meant for a person: one line, the cause that says what went wrong. */
final class Failures {

  private Failures() {}

  /** The first line of a throwable's message (driver and client messages run to many lines). */
  static String oneLine(Throwable t) {
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl);
  }

  /** The innermost cause's message. */
  static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}

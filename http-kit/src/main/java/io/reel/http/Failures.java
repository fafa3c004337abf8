package io.reel.http;

/**
 * Failure messages meant for a person, for the start-up errors a node and its tools print (a taken
 * port, a failed schema migration, a server that did not come up): one line, or the cause that says
 * what went wrong.
 */
public final class Failures {

  private Failures() {}

  /** The first line of a throwable's message (driver and client messages run to many lines). */
  public static String oneLine(Throwable t) {
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl);
  }

  /** The innermost cause's message. */
  public static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}

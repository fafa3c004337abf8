package io.reel.domain.title;

import io.reel.domain.CborSerializable;
import java.util.List;

/** Why a command was refused. The kind maps to an HTTP status at the edge. */
public record Rejection(Kind kind, String message, List<String> details)
    implements CborSerializable {

  public enum Kind {
    INVALID,
    NOT_FOUND,
    CONFLICT
  }

  public Rejection {
    details = details == null ? List.of() : List.copyOf(details);
  }

  public static Rejection invalid(List<String> details) {
    return new Rejection(Kind.INVALID, "the title metadata is invalid", details);
  }

  public static Rejection notFound(TitleId id) {
    return new Rejection(Kind.NOT_FOUND, "no title with id " + id, List.of());
  }

  public static Rejection conflict(String message) {
    return new Rejection(Kind.CONFLICT, message, List.of());
  }
}

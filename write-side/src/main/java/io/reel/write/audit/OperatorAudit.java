package io.reel.write.audit;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The record of what operators did: who, when, which request, with what result. */
public interface OperatorAudit {

  /**
   * @param path the request path with its query, as the operator sent it
   * @param status the HTTP status the request was answered with
   */
  record Action(Instant at, String accountId, String method, String path, int status) {}

  CompletionStage<Void> record(Action action);

  /** The newest actions first, from today back over {@code days} days, at most {@code limit}. */
  CompletionStage<List<Action>> recent(int days, int limit);
}

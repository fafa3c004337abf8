package io.reel.write.account;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.account.AccountId;
import io.reel.http.JsonRequests;
import io.reel.http.Problem;
import io.reel.http.auth.AccessTokens;
import io.reel.http.auth.AuthDirectives;
import io.reel.write.audit.OperatorAudit;
import java.util.Map;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Operators managing operators, and the audit trail: {@code POST /admin/operators} grants the role
 * to the account of an e-mail address, {@code DELETE /admin/operators/<accountId>} revokes it and
 * signs that account out, {@code GET /admin/audit} lists recent operator actions. Served under
 * {@code /admin}, so the node's admin gate already demands an operator; the routes still take the
 * operator's claims, to record who granted what.
 */
public final class OperatorRoutes {

  public record GrantRequest(String email) {}

  private static final int MAX_AUDIT = 1000;

  private final Operators operators;
  private final OperatorAudit audit;
  private final AccessTokens tokens;
  private final ObjectMapper mapper;
  private final long maxBodyBytes;

  public OperatorRoutes(
      Operators operators,
      OperatorAudit audit,
      AccessTokens tokens,
      ObjectMapper mapper,
      long maxBodyBytes) {
    this.operators = operators;
    this.audit = audit;
    this.tokens = tokens;
    this.mapper = mapper;
    this.maxBodyBytes = maxBodyBytes;
  }

  public Route routes() {
    return pathPrefix(
        "admin",
        () ->
            AuthDirectives.operator(
                tokens,
                operator ->
                    concat(
                        pathPrefix(
                            "operators",
                            () ->
                                concat(
                                    pathEnd(() -> post(() -> grant(operator.accountId()))),
                                    path(
                                        PathMatchers.segment(),
                                        id -> delete(() -> revoke(id, operator.accountId()))))),
                        path("audit", () -> get(this::auditTrail)))));
  }

  private Route grant(String by) {
    return withSizeLimit(
        maxBodyBytes,
        () ->
            entity(
                JsonRequests.unmarshaller(mapper, GrantRequest.class),
                r ->
                    r.email() == null || r.email().isBlank()
                        ? complete(Problem.response(StatusCodes.BAD_REQUEST, "email is required"))
                        : onSuccess(
                            operators.grant(r.email(), by),
                            o -> AccountRoutes.toRoute(o, StatusCodes.NO_CONTENT, mapper))));
  }

  private Route revoke(String idText, String by) {
    return AccountId.parse(idText)
        .<Route>map(
            id ->
                onSuccess(
                    operators.revoke(id, by),
                    o -> AccountRoutes.toRoute(o, StatusCodes.NO_CONTENT, mapper)))
        .orElseGet(() -> complete(Problem.response(StatusCodes.NOT_FOUND, "not found")));
  }

  private Route auditTrail() {
    return parameterOptional(
        "limit",
        limitText -> {
          int limit;
          try {
            limit = limitText.map(Integer::parseInt).orElse(100);
          } catch (NumberFormatException e) {
            limit = -1;
          }
          if (limit < 1 || limit > MAX_AUDIT) {
            return complete(
                Problem.response(
                    StatusCodes.BAD_REQUEST, "limit must be a number from 1 to " + MAX_AUDIT));
          }
          return onSuccess(
              audit.recent(7, limit),
              actions ->
                  complete(
                      StatusCodes.OK,
                      Map.<String, Object>of("actions", actions),
                      Jackson.marshaller(mapper)));
        });
  }
}

package io.reel.write.audit;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import io.reel.http.auth.AccessTokens;
import io.reel.http.auth.AuthDirectives;
import java.time.Clock;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to operational routes: everything under {@code /admin} needs an operator's access
 * token (401 without a valid one, 403 for a viewer's), whatever module serves it, so a new admin
 * route cannot be left open by forgetting a check. Every state-changing request (anything but GET,
 * HEAD, OPTIONS) is recorded with the operator who sent it and the status it got.
 */
public final class AdminGate {

  private static final Logger log = LoggerFactory.getLogger(AdminGate.class);
  private static final Set<HttpMethod> READS =
      Set.of(HttpMethods.GET, HttpMethods.HEAD, HttpMethods.OPTIONS);

  private final AccessTokens tokens;
  private final OperatorAudit audit;
  private final Clock clock;

  public AdminGate(AccessTokens tokens, OperatorAudit audit, Clock clock) {
    this.tokens = tokens;
    this.audit = audit;
    this.clock = clock;
  }

  public Route wrap(Route admin) {
    return pathPrefixTest(
        "admin",
        () ->
            AuthDirectives.operator(
                tokens,
                claims ->
                    extractRequest(
                        request -> {
                          if (READS.contains(request.method())) {
                            return admin;
                          }
                          String method = request.method().name();
                          String path = request.getUri().toRelative().toString();
                          return mapResponse(
                              response -> {
                                record(
                                    new OperatorAudit.Action(
                                        clock.instant(),
                                        claims.accountId(),
                                        method,
                                        path,
                                        response.status().intValue()));
                                return response;
                              },
                              () -> admin);
                        })));
  }

  private void record(OperatorAudit.Action a) {
    log.info("operator {}: {} {} -> {}", a.accountId(), a.method(), a.path(), a.status());
    audit
        .record(a)
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                log.warn("operator action not recorded ({}): {}", e.toString(), a);
              }
            });
  }
}

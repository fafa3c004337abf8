package io.reel.write.billing;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.billing.Entitlement;
import io.reel.domain.billing.InvoiceLine;
import io.reel.domain.billing.Plan;
import io.reel.domain.billing.Plans;
import io.reel.domain.billing.SubscriptionCommand;
import io.reel.domain.billing.SubscriptionState;
import io.reel.domain.billing.Subscriptions;
import io.reel.http.JsonRequests;
import io.reel.http.Problem;
import io.reel.http.Rejections;
import io.reel.http.auth.AuthDirectives;
import io.reel.write.auth.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** The account's subscription over HTTP; only translates, the rules live in the domain. */
public final class SubscriptionRoutes {

  public record SubscribeRequest(String plan) {}

  public record SubscriptionResponse(
      String status,
      String plan,
      String nextPlan,
      int maxStreams,
      int maxHeight,
      Instant validUntil,
      Instant currentPeriodEnd,
      Instant nextRetryAt) {}

  public record InvoiceResponse(
      String id,
      String plan,
      long amountMinor,
      String currency,
      Instant periodStart,
      Instant periodEnd,
      Instant issuedAt,
      String status,
      int failedAttempts) {}

  private final SubscriptionGateway subscriptions;
  private final Tokens tokens;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final int trialDays;
  private final long maxBodyBytes;

  public SubscriptionRoutes(
      SubscriptionGateway subscriptions,
      Tokens tokens,
      ObjectMapper mapper,
      Clock clock,
      int trialDays,
      long maxBodyBytes) {
    this.subscriptions = subscriptions;
    this.tokens = tokens;
    this.mapper = mapper;
    this.clock = clock;
    this.trialDays = trialDays;
    this.maxBodyBytes = maxBodyBytes;
  }

  public Route routes() {
    return concat(
        path("plans", () -> get(() -> complete(StatusCodes.OK, Plans.all(), json()))),
        pathPrefix(
            "accounts",
            () ->
                pathPrefix(
                    "me",
                    () ->
                        AuthDirectives.authenticated(
                            tokens,
                            claims -> {
                              String account = claims.accountId();
                              return concat(
                                  path(
                                      "subscription",
                                      () ->
                                          concat(
                                              get(
                                                  () ->
                                                      answer(
                                                          account,
                                                          new SubscriptionCommand.Get(),
                                                          StatusCodes.OK,
                                                          SubscriptionRoutes::subscription)),
                                              post(() -> subscribe(account)),
                                              put(() -> changePlan(account)),
                                              delete(
                                                  () ->
                                                      answer(
                                                          account,
                                                          new SubscriptionCommand.Cancel(
                                                              clock.instant()),
                                                          StatusCodes.OK,
                                                          SubscriptionRoutes::subscription)))),
                                  path(
                                      "invoices",
                                      () ->
                                          get(
                                              () ->
                                                  answer(
                                                      account,
                                                      new SubscriptionCommand.Get(),
                                                      StatusCodes.OK,
                                                      SubscriptionRoutes::invoices))));
                            }))));
  }

  private Route subscribe(String account) {
    return withPlan(
        plan ->
            answer(
                account,
                new SubscriptionCommand.Subscribe(plan, clock.instant(), trialDays),
                StatusCodes.CREATED,
                SubscriptionRoutes::subscription));
  }

  /** The new plan applies from the next invoice; the current period is not re-billed. */
  private Route changePlan(String account) {
    return withPlan(
        plan ->
            answer(
                account,
                new SubscriptionCommand.ChangePlan(plan, clock.instant()),
                StatusCodes.OK,
                SubscriptionRoutes::subscription));
  }

  private Route withPlan(Function<String, Route> inner) {
    return withSizeLimit(
        maxBodyBytes,
        () ->
            entity(
                JsonRequests.unmarshaller(mapper, SubscribeRequest.class),
                req -> {
                  if (req.plan() == null || Plans.find(req.plan()).isEmpty()) {
                    return complete(
                        Problem.response(
                            StatusCodes.UNPROCESSABLE_ENTITY,
                            "unknown plan",
                            List.of(
                                "plan must be one of "
                                    + Plans.all().stream().map(Plan::id).toList())));
                  }
                  return inner.apply(req.plan());
                }));
  }

  private <T> Route answer(
      String account,
      SubscriptionCommand command,
      StatusCode ok,
      Function<SubscriptionState, T> body) {
    CompletionStage<SubscriptionReply> reply = subscriptions.ask(account, command);
    return onComplete(
        reply,
        tried -> {
          if (tried.isFailure()) {
            return tried.failed().get() instanceof TimeoutException
                ? complete(
                    Problem.response(StatusCodes.SERVICE_UNAVAILABLE, "billing is busy; retry"))
                : complete(Problem.response(StatusCodes.INTERNAL_SERVER_ERROR, "internal error"));
          }
          SubscriptionReply r = tried.get();
          if (r instanceof SubscriptionReply.Rejected rej) {
            return complete(Rejections.response(rej.rejection()));
          }
          return complete(ok, body.apply(((SubscriptionReply.Accepted) r).state()), json());
        });
  }

  static SubscriptionResponse subscription(SubscriptionState state) {
    Entitlement e = Entitlement.of(state);
    String next = null;
    if (state instanceof SubscriptionState.Trial t) {
      next = t.nextPlanId();
    } else if (state instanceof SubscriptionState.Active a) {
      next = a.nextPlanId();
    } else if (state instanceof SubscriptionState.PastDue p) {
      next = p.nextPlanId();
    }
    return new SubscriptionResponse(
        e.status().name().toLowerCase(java.util.Locale.ROOT),
        e.planId(),
        next,
        e.maxStreams(),
        e.maxHeight(),
        e.validUntil(),
        Subscriptions.currentPeriodEnd(state),
        state instanceof SubscriptionState.PastDue p ? p.nextRetryAt() : null);
  }

  /** Newest first. */
  static List<InvoiceResponse> invoices(SubscriptionState state) {
    List<InvoiceLine> lines = new java.util.ArrayList<>(state.invoices());
    java.util.Collections.reverse(lines);
    return lines.stream()
        .map(
            (InvoiceLine l) ->
                new InvoiceResponse(
                    l.invoice().invoiceId(),
                    l.invoice().planId(),
                    l.invoice().amountMinor(),
                    l.invoice().currency(),
                    l.invoice().periodStart(),
                    l.invoice().periodEnd(),
                    l.invoice().issuedAt(),
                    l.status().name().toLowerCase(java.util.Locale.ROOT),
                    l.failedAttempts()))
        .toList();
  }

  private <T>
      org.apache.pekko.http.javadsl.marshalling.Marshaller<
              T, org.apache.pekko.http.javadsl.model.RequestEntity>
          json() {
    return Jackson.marshaller(mapper);
  }
}

package io.reel.write.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.reel.write.auth.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubscriptionRoutesTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  /** Accepts "token-X" as account X. */
  private static final class FakeTokens implements Tokens {
    @Override
    public Optional<AccessClaims> verify(String accessToken) {
      return accessToken.startsWith("token-")
          ? Optional.of(
              new AccessClaims(
                  accessToken.substring(6), "t", NOW.plusSeconds(600), "session", Set.of()))
          : Optional.empty();
    }

    @Override
    public CompletionStage<Boolean> live(AccessClaims claims) {
      return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletionStage<TokenPair> issue(String accountId, String device) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<List<SignInSession>> sessions(String accountId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Boolean> endSession(String accountId, UUID sessionId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<TokenPair> refresh(String refreshToken) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Done> revoke(String refreshToken) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Done> revokeAll(String accountId) {
      throw new UnsupportedOperationException();
    }
  }

  private ActorTestKit kit;
  private Function<HttpRequest, CompletionStage<HttpResponse>> handler;

  /** A response, its status checked, body read. */
  private final class Run {
    private final HttpResponse response;

    Run(HttpRequest request) throws Exception {
      response = handler.apply(request).toCompletableFuture().get();
    }

    Run assertStatusCode(StatusCode expected) {
      assertEquals(expected, response.status());
      return this;
    }

    String entityString() throws Exception {
      return response
          .entity()
          .toStrict(5000, Materializer.matFromSystem(kit.system()))
          .toCompletableFuture()
          .get()
          .getData()
          .utf8String();
    }
  }

  private final class Router {
    Run run(HttpRequest r) throws Exception {
      return new Run(r);
    }
  }

  private final Router route = new Router();

  @BeforeEach
  void setUp() {
    kit = ActorTestKit.create("SubscriptionRoutesTest");
    ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
    handler =
        new SubscriptionRoutes(
                new InMemorySubscriptions(),
                new FakeTokens(),
                mapper,
                Clock.fixed(NOW, ZoneOffset.UTC),
                14,
                65536)
            .routes()
            .seal()
            .handler(kit.system());
  }

  @AfterEach
  void tearDown() {
    kit.shutdownTestKit();
  }

  private static HttpRequest as(String account, HttpRequest r) {
    return r.addHeader(RawHeader.create("Authorization", "Bearer token-" + account));
  }

  @Test
  void subscribeReadCancelAndInvoices() throws Exception {
    route.run(HttpRequest.GET("/plans")).assertStatusCode(StatusCodes.OK);
    route
        .run(HttpRequest.GET("/accounts/me/subscription"))
        .assertStatusCode(StatusCodes.UNAUTHORIZED);
    String body =
        route
            .run(
                as(
                    "a1",
                    HttpRequest.POST("/accounts/me/subscription")
                        .withEntity(
                            HttpEntities.create(
                                ContentTypes.APPLICATION_JSON, "{\"plan\":\"standard\"}"))))
            .assertStatusCode(StatusCodes.CREATED)
            .entityString();
    assertTrue(body.contains("\"status\":\"trial\""), body);
    route
        .run(
            as(
                "a1",
                HttpRequest.POST("/accounts/me/subscription")
                    .withEntity(
                        HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"plan\":\"gold\"}"))))
        .assertStatusCode(StatusCodes.UNPROCESSABLE_ENTITY);
    String changed =
        route
            .run(
                as(
                    "a1",
                    HttpRequest.PUT("/accounts/me/subscription")
                        .withEntity(
                            HttpEntities.create(
                                ContentTypes.APPLICATION_JSON, "{\"plan\":\"premium\"}"))))
            .assertStatusCode(StatusCodes.OK)
            .entityString();
    assertTrue(changed.contains("\"nextPlan\":\"premium\""), changed);
    route
        .run(
            as(
                "a2",
                HttpRequest.PUT("/accounts/me/subscription")
                    .withEntity(
                        HttpEntities.create(
                            ContentTypes.APPLICATION_JSON, "{\"plan\":\"premium\"}"))))
        .assertStatusCode(StatusCodes.NOT_FOUND);
    String cancelled =
        route
            .run(as("a1", HttpRequest.DELETE("/accounts/me/subscription")))
            .assertStatusCode(StatusCodes.OK)
            .entityString();
    assertTrue(cancelled.contains("\"status\":\"cancelled\""), cancelled);
    assertEquals(
        "[]",
        route
            .run(as("a1", HttpRequest.GET("/accounts/me/invoices")))
            .assertStatusCode(StatusCodes.OK)
            .entityString());
    route
        .run(as("a2", HttpRequest.DELETE("/accounts/me/subscription")))
        .assertStatusCode(StatusCodes.NOT_FOUND);
  }
}

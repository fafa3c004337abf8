package io.reel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A small JSON-over-HTTP client for tests that talk to a real node. */
public final class Http {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          // Plain HTTP nodes as before; TLS nodes by their own certificate only.
          .sslContext(TestTrust.context())
          .build();

  public record Response(int status, String contentType, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  private Http() {}

  /**
   * Operator tokens by node base URL. The helpers below ({@link #get}, {@link #post}, {@link #put},
   * {@link #putFile}, {@link #delete}) send a {@code /admin} request as that node's first operator
   * ({@link TestNode} registers it), the way an operator's client would; {@link #send} sends
   * exactly what it is given, for tests that play anonymous callers or viewers.
   */
  private static final Map<String, Supplier<String>> OPERATORS = new ConcurrentHashMap<>();

  static void operator(String baseUrl, Supplier<String> accessToken) {
    OPERATORS.put(baseUrl, accessToken);
  }

  static void forget(String baseUrl) {
    OPERATORS.remove(baseUrl);
  }

  public static HttpRequest.Builder asOperator(String url, HttpRequest.Builder request) {
    URI uri = URI.create(url);
    if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/admin")) {
      return request;
    }
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    Supplier<String> token = OPERATORS.get(base);
    return token == null ? request : request.header("Authorization", "Bearer " + token.get());
  }

  public static Response get(String url) {
    return send(asOperator(url, HttpRequest.newBuilder(URI.create(url)).GET()));
  }

  public static Response post(String url, String json) {
    return send(
        asOperator(
            url,
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))));
  }

  public static Response put(String url, String json) {
    return send(
        asOperator(
            url,
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))));
  }

  /** PUT a file as the raw body (the source upload). */
  public static Response putFile(String url, java.nio.file.Path file) {
    try {
      return send(
          asOperator(
              url,
              HttpRequest.newBuilder(URI.create(url))
                  .header("Content-Type", "application/octet-stream")
                  .PUT(HttpRequest.BodyPublishers.ofFile(file))));
    } catch (java.io.FileNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  public static Response delete(String url) {
    return send(asOperator(url, HttpRequest.newBuilder(URI.create(url)).DELETE()));
  }

  public static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          CLIENT.send(
              request.timeout(Duration.ofMinutes(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

package io.reel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A viewer driven over the public API of a test node: signs up, verifies from the mail file, signs
 * in, and then sends authenticated JSON requests.
 */
public final class Viewer {

  /** Every test viewer's password (long enough for the password policy). */
  public static final String PASSWORD = "violet tram 42 umbrella";

  private final String base;
  private final String accessToken;

  private Viewer(String base, String accessToken) {
    this.base = base;
    this.accessToken = accessToken;
  }

  public String accessToken() {
    return accessToken;
  }

  /** Signs up {@code email}, follows the verification link in {@code outbox}, signs in. */
  public static Viewer signUp(String base, Path outbox, String email) throws Exception {
    String creds = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
    assertEquals(202, send(base, "POST", "/accounts", creds, null).status());
    String token =
        Eventually.get(
            () -> {
              List<String> lines = Files.exists(outbox) ? Files.readAllLines(outbox) : List.of();
              for (String line : lines) {
                JsonNode mail = Http.JSON.readTree(line);
                if (mail.toString().contains(email)) {
                  String link = mail.get("link").asText();
                  return link.substring(link.indexOf("token=") + 6);
                }
              }
              throw new AssertionError("no verification mail for " + email + " yet");
            });
    assertEquals(
        204,
        send(base, "POST", "/accounts/verify", "{\"token\":\"" + token + "\"}", null).status());
    Http.Response signIn = send(base, "POST", "/auth/signin", creds, null);
    assertEquals(200, signIn.status(), signIn.body());
    return new Viewer(base, signIn.json().get("accessToken").asText());
  }

  /**
   * Subscribes to {@code plan}. The entitlement read model has it a moment later: callers that play
   * next wait for that themselves.
   */
  public void subscribe(String plan) {
    Http.Response sub = send("POST", "/accounts/me/subscription", "{\"plan\":\"" + plan + "\"}");
    assertEquals(201, sub.status(), sub.body());
  }

  /** Adds a profile and returns its id. */
  public String addProfile(String name, boolean kids, String maturityLimit) {
    Http.Response r =
        send(
            "POST",
            "/accounts/me/profiles",
            "{\"name\":\""
                + name
                + "\",\"kids\":"
                + kids
                + ",\"maturityLimit\":\""
                + maturityLimit
                + "\"}");
    assertEquals(201, r.status(), r.body());
    Http.Response all = send("GET", "/accounts/me/profiles", null);
    assertEquals(200, all.status(), all.body());
    for (JsonNode p : all.json().get("profiles")) {
      if (p.get("name").asText().equals(name)) {
        return p.get("profileId").asText();
      }
    }
    throw new AssertionError("the new profile is not listed: " + all.body());
  }

  public Http.Response send(String method, String path, String body) {
    return send(base, method, path, body, accessToken);
  }

  public static Http.Response send(
      String base, String method, String path, String body, String bearer) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return Http.send(b);
  }
}

package io.reel.write.playback;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reel.domain.billing.Entitlement;
import io.reel.domain.media.ResolutionTier;
import io.reel.domain.playback.PlaybackCommand;
import io.reel.domain.title.TitleId;
import io.reel.http.Problem;
import io.reel.origin.keys.ContentKey;
import io.reel.origin.keys.ContentKeyStore;
import io.reel.origin.keys.TierKey;
import io.reel.origin.token.EdgeTokens;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.util.ByteString;

/**
 * The ClearKey licence server (W3C EME ClearKey: the request names key ids, the answer is a JWK
 * set). A key leaves only for a valid playback token (from {@code POST /v1/play}) whose session is
 * open in the account's playback entity, for that session's title, while the account is entitled;
 * the entity records every grant ({@code LicenceGranted}) before the key is sent. Keys are per
 * resolution tier: only those of the tiers up to the token's max height (the plan's) are released;
 * the ids of taller tiers in a request are left out of the answer, and a request for nothing else
 * is refused.
 *
 * <p>The token travels in the path ({@code POST /licence/{token}}), so that every player can use
 * the licence URL as it is, or as {@code Authorization: Bearer} on {@code POST /licence}. Another
 * DRM (Widevine, PlayReady, FairPlay) would be another route with the same checks.
 */
public final class LicenceRoutes {

  private static final Pattern PACKAGE =
      Pattern.compile("packages/(\\d{1,19})/v(\\d{1,9})-a\\d{1,9}/");
  private static final int MAX_BODY = 4096;
  private static final int MAX_KIDS = 16;
  private static final RawHeader NO_STORE = RawHeader.create("Cache-Control", "no-store");

  private final EdgeTokens tokens;
  private final PlaybackService playback;
  private final Function<String, CompletionStage<Entitlement>> entitlement;
  private final ContentKeyStore keys;
  private final ObjectMapper mapper;
  private final Clock clock;

  public LicenceRoutes(
      EdgeTokens tokens,
      PlaybackService playback,
      Function<String, CompletionStage<Entitlement>> entitlement,
      ContentKeyStore keys,
      ObjectMapper mapper,
      Clock clock) {
    this.tokens = tokens;
    this.playback = playback;
    this.entitlement = entitlement;
    this.keys = keys;
    this.mapper = mapper;
    this.clock = clock;
  }

  public Route routes() {
    return pathPrefix(
        "licence",
        () ->
            post(
                () ->
                    concat(
                        pathEnd(
                            () ->
                                optionalHeaderValueByName(
                                    "Authorization",
                                    h ->
                                        licence(
                                            h.filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                                                .map(v -> v.substring(7).trim())
                                                .orElse(null)))),
                        path(this::licence))));
  }

  private Route licence(String token) {
    if (token == null || token.isEmpty()) {
      return complete(Problem.response(StatusCodes.UNAUTHORIZED, "a playback token is required"));
    }
    EdgeTokens.Verification v = tokens.verify(token);
    if (!(v instanceof EdgeTokens.Verification.Valid valid)) {
      return forbidden("the playback token is not valid");
    }
    EdgeTokens.Grant grant = valid.grant();
    Matcher m = PACKAGE.matcher(grant.prefix());
    if (!m.matches()) {
      return forbidden("the playback token is not for a title");
    }
    TitleId title = TitleId.of(m.group(1));
    int version = Integer.parseInt(m.group(2));
    return withSizeLimit(
        MAX_BODY,
        () ->
            extractStrictEntity(
                java.time.Duration.ofSeconds(5),
                entity -> {
                  Optional<List<String>> kids = kids(entity.getData());
                  if (kids.isEmpty()) {
                    return complete(
                        Problem.response(
                            StatusCodes.BAD_REQUEST,
                            "a ClearKey licence request is JSON {\"kids\":[base64url key ids]}"
                                + " with 1.."
                                + MAX_KIDS
                                + " ids of 16 bytes"));
                  }
                  return onComplete(
                      grant(grant, title, version, kids.get()),
                      t ->
                          t.isSuccess()
                              ? complete(t.get())
                              : complete(
                                  Problem.response(
                                      StatusCodes.SERVICE_UNAVAILABLE,
                                      "the licence server is busy; retry")));
                }));
  }

  private CompletionStage<HttpResponse> grant(
      EdgeTokens.Grant grant, TitleId title, int version, List<String> kidsHex) {
    return entitlement
        .apply(grant.accountId())
        .thenCompose(
            e -> {
              if (e == null || !e.allows(clock.instant())) {
                return done(denied("the account is not entitled to watch"));
              }
              return findKeys(title, version, grant.maxHeight(), kidsHex)
                  .thenCompose(
                      found -> {
                        if (found.isEmpty()) {
                          return done(
                              denied(
                                  "no key this session may have has the requested ids (keys of"
                                      + " resolutions above the plan are not released)"));
                        }
                        List<String> ids = new ArrayList<>(found.keySet());
                        return playback
                            .ask(
                                grant.accountId(),
                                new PlaybackCommand.GrantLicence(
                                    grant.sessionId(), title.asString(), ids, clock.instant()))
                            .thenApply(
                                r ->
                                    r instanceof PlaybackReply.Accepted
                                        ? licence(found)
                                        : denied(
                                            "no open playback session for this title: start"
                                                + " playback again"));
                      });
            });
  }

  /**
   * The requested keys of the token's package version that are in a tier the token's max height
   * allows; any other requested id (a taller tier's, another title's, made up) is left out.
   */
  private CompletionStage<Map<String, ContentKey>> findKeys(
      TitleId title, int version, int maxHeight, List<String> kidsHex) {
    List<ResolutionTier> allowed = ResolutionTier.upTo(maxHeight);
    return keys.licenceKeys(title, version)
        .thenApply(
            available -> {
              Map<String, ContentKey> found = new LinkedHashMap<>();
              for (String kid : kidsHex) {
                for (TierKey k : available) {
                  if (allowed.contains(k.tier()) && k.key().kidHex().equalsIgnoreCase(kid)) {
                    found.put(kid, k.key());
                  }
                }
              }
              return found;
            });
  }

  private HttpResponse licence(Map<String, ContentKey> found) {
    var root = mapper.createObjectNode();
    var list = root.putArray("keys");
    for (ContentKey k : found.values()) {
      list.addObject().put("kty", "oct").put("kid", k.kidBase64Url()).put("k", b64url(k.key()));
    }
    root.put("type", "temporary");
    try {
      return HttpResponse.create()
          .withStatus(StatusCodes.OK)
          .addHeader(NO_STORE)
          .withEntity(
              HttpEntities.create(ContentTypes.APPLICATION_JSON, mapper.writeValueAsBytes(root)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The requested key ids as hex, or empty when the request is not a ClearKey request. */
  private Optional<List<String>> kids(ByteString body) {
    try {
      JsonNode root = mapper.readTree(body.toArray());
      JsonNode kids = root == null ? null : root.get("kids");
      if (kids == null || !kids.isArray() || kids.isEmpty() || kids.size() > MAX_KIDS) {
        return Optional.empty();
      }
      List<String> hex = new ArrayList<>();
      for (JsonNode k : kids) {
        byte[] raw = java.util.Base64.getUrlDecoder().decode(k.asText(""));
        if (raw.length != 16) {
          return Optional.empty();
        }
        hex.add(HexFormat.of().formatHex(raw));
      }
      return Optional.of(hex);
    } catch (java.io.IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String b64url(byte[] b) {
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static Route forbidden(String detail) {
    return complete(denied(detail));
  }

  private static HttpResponse denied(String detail) {
    return Problem.response(StatusCodes.FORBIDDEN, detail).addHeader(NO_STORE);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}

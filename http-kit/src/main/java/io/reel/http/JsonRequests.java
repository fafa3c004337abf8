package io.reel.http;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * How the API reads JSON request bodies, for every route at once: what a hostile body may not do is
 * decided here, not in each request record.
 *
 * <ul>
 *   <li>nesting deeper than {@link #MAX_DEPTH} is refused while parsing (no request of ours nests
 *       more than a few levels; a body of thousands of {@code [} costs nothing to send);
 *   <li>{@code null} inside a list or map is refused instead of silently dropped or stored;
 *   <li>anything after the JSON value ({@code {} garbage}) is refused.
 * </ul>
 *
 * Every refusal surfaces as a malformed-content rejection, which {@link ProblemHandlers} answers
 * with 400 and a one-line reason. Body sizes are limited per route ({@code withSizeLimit}).
 */
public final class JsonRequests {

  public static final int MAX_DEPTH = 32;

  private JsonRequests() {}

  /**
   * The unmarshaller every route reads a JSON body with: the mapper's rules, and a body that is
   * just {@code null} is refused (Jackson would hand the route a null request).
   */
  public static <T> Unmarshaller<HttpEntity, T> unmarshaller(ObjectMapper mapper, Class<T> type) {
    return Jackson.unmarshaller(mapper, type)
        .thenApply(
            value -> {
              if (value == null) {
                throw new IllegalArgumentException("the request body must be a JSON object");
              }
              return value;
            });
  }

  /** Applies these rules to the node's JSON mapper; call once, before any route uses it. */
  public static ObjectMapper harden(ObjectMapper mapper) {
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(100)
                .build());
    mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
    // Not FAIL_ON_NULL_FOR_PRIMITIVES: Jackson applies it to absent fields too, and clients may
    // leave out optional numbers (a heartbeat's QoE fields); an absent or null number reads as 0.
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    return mapper;
  }
}

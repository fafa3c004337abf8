package io.reel.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;

/** An RFC 9457 problem body ({@code application/problem+json}). Never carries a stack trace. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<String> errors) {

  public static final ContentType.WithFixedCharset CONTENT_TYPE =
      ContentTypes.create(
          MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static Problem of(StatusCode status, String detail) {
    return of(status, detail, List.of());
  }

  public static Problem of(StatusCode status, String detail, List<String> errors) {
    return new Problem("about:blank", status.reason(), status.intValue(), detail, errors);
  }

  public static HttpResponse response(StatusCode status, String detail) {
    return of(status, detail).toResponse();
  }

  public static HttpResponse response(StatusCode status, String detail, List<String> errors) {
    return of(status, detail, errors).toResponse();
  }

  public HttpResponse toResponse() {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(CONTENT_TYPE, MAPPER.writeValueAsBytes(this));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

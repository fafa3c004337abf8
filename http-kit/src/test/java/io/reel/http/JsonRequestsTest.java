package io.reel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRequestsTest {

  record Body(String name, List<String> tags, Map<String, String> labels, int count) {}

  private final ObjectMapper mapper = JsonRequests.harden(new ObjectMapper());

  @Test
  void aWellFormedBodyReads() throws Exception {
    assertEquals(
        new Body("a", List.of("x"), Map.of("k", "v"), 2),
        mapper.readValue(
            "{\"name\":\"a\",\"tags\":[\"x\"],\"labels\":{\"k\":\"v\"},\"count\":2}", Body.class));
  }

  @Test
  void absentOptionalNumbersAreAllowed() throws Exception {
    assertEquals(new Body("a", null, null, 0), mapper.readValue("{\"name\":\"a\"}", Body.class));
  }

  @Test
  void hostileBodiesAreRefused() {
    for (String body :
        List.of(
            "{\"tags\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
            "{\"tags\":[null,\"x\"]}",
            "{\"labels\":{\"k\":null}}",
            "{\"count\":" + "9".repeat(500) + "}",
            "{\"name\":\"a\"} trailing")) {
      assertThrows(JacksonException.class, () -> mapper.readValue(body, Body.class), body);
    }
  }
}

package io.reel.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What ./reel run prints of the local outbox: each new mail's link, once, whole lines only. */
class LocalReelMailTest {

  @TempDir Path dir;

  @Test
  void newMailLinksArePrintedOnceAndAHalfWrittenLineWaits() throws Exception {
    Path outbox = dir.resolve("outbox.jsonl");
    String first =
        "{\"to\":\"a@example.com\",\"kind\":\"verify-email\",\"link\":\"https://x/verify?token=1\"}\n";
    String noLink = "{\"to\":\"b@example.com\",\"kind\":\"closed\"}\n";
    String partial =
        "{\"to\":\"c@example.com\",\"kind\":\"password-reset\",\"link\":\"https://x/re";
    Files.writeString(outbox, first + noLink + partial);
    ObjectMapper json = new ObjectMapper();

    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    long next;
    try {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      next = LocalReel.printNewMail(outbox, 0, json);
      assertEquals((first + noLink).getBytes(StandardCharsets.UTF_8).length, next);
      Files.writeString(
          outbox, first + noLink + partial + "set-password?token=2\"}\n", StandardCharsets.UTF_8);
      next = LocalReel.printNewMail(outbox, next, json);
    } finally {
      System.setOut(out);
    }
    String text = printed.toString(StandardCharsets.UTF_8);
    assertEquals(Files.size(outbox), next);
    assertTrue(
        text.contains("mail (verify-email) to a@example.com: open https://x/verify?token=1"), text);
    assertTrue(
        text.contains(
            "mail (password-reset) to c@example.com: open https://x/reset-password?token=2"),
        text);
    assertFalse(text.contains("b@example.com"), text);
    assertEquals(2, text.lines().count(), text);
  }
}

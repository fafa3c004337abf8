package io.reel.write.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Mailer} for development and tests: appends one JSON line per mail to a file, which is
 * the only place the link appears. The log says only which account was mailed.
 */
public final class FileMailer implements Mailer {

  private static final Logger log = LoggerFactory.getLogger(FileMailer.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;
  private final Clock clock;

  public FileMailer(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  @Override
  public synchronized CompletionStage<Void> send(Mail mail) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("at", clock.instant().toString());
    line.put("accountId", mail.accountId().asString());
    line.put("to", mail.to());
    line.put("kind", mail.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    if (mail.link() != null) {
      line.put("link", mail.link());
    }
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(
          file,
          MAPPER.writeValueAsString(line) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    log.info("mail sent to account {}", mail.accountId());
    return CompletableFuture.completedFuture(null);
  }
}

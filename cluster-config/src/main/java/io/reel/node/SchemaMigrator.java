package io.reel.node;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.reel.http.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Applies the versioned CQL files {@code cql/V<n>__<description>.cql} found on the classpath (any
 * directory or jar) to a keyspace, in version order, each once.
 *
 * <p>Files use {@code ${keyspace}} for the keyspace; statements end with {@code ;} at the end of a
 * line; {@code --} starts a comment. Applied versions are recorded in {@code
 * <keyspace>.schema_version} with a checksum: re-running is a no-op, and an applied file that was
 * edited afterwards is an error (add a new version instead).
 */
public final class SchemaMigrator {

  public static final String DEFAULT_REPLICATION =
      "{'class': 'SimpleStrategy', 'replication_factor': 1}";
  static final String DIRECTORY = "cql";
  private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_\\-]+)\\.cql");
  private static final Pattern KEYSPACE_NAME = Pattern.compile("[A-Za-z0-9_]{1,48}");
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);
  private static final Object LOCK = new Object();

  /** One versioned CQL file. */
  public record Migration(int version, String description, String fileName, String script) {
    String checksum() {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(md.digest(script.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The statements of this file for a keyspace. */
    public List<String> statements(String keyspace) {
      return splitStatements(script.replace("${keyspace}", keyspace));
    }
  }

  private SchemaMigrator() {}

  /** Creates the keyspace (SimpleStrategy, RF 1) if missing and applies pending migrations. */
  public static void apply(CqlSession session, String keyspace) {
    migrate(session, keyspace, DEFAULT_REPLICATION);
  }

  /**
   * Creates the keyspace with the given replication map (CQL, e.g. {@code {'class':
   * 'NetworkTopologyStrategy', 'dc1': 3}}) if missing, applies pending migrations and returns the
   * versions applied by this call (empty when the schema was up to date).
   */
  public static List<Integer> migrate(CqlSession session, String keyspace, String replication) {
    if (!KEYSPACE_NAME.matcher(keyspace).matches()) {
      throw new IllegalArgumentException("invalid keyspace name: " + keyspace);
    }
    synchronized (LOCK) {
      // Refreshing the driver's schema metadata after every DDL costs about a second each (as
      // pekko-persistence-cassandra notes for its own table creation); refresh once at the end.
      session.setSchemaMetadataEnabled(false);
      List<Integer> applied;
      try {
        applied = migrateLocked(session, keyspace, replication);
      } finally {
        session.setSchemaMetadataEnabled(null);
      }
      if (!applied.isEmpty()) {
        session.refreshSchema();
      }
      return applied;
    }
  }

  private static List<Integer> migrateLocked(
      CqlSession session, String keyspace, String replication) {
    {
      ddl(
          session,
          "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication);
      ddl(
          session,
          "CREATE TABLE IF NOT EXISTS "
              + keyspace
              + ".schema_version (version int PRIMARY KEY, description text, file text,"
              + " checksum text, applied_at timestamp)");
      Map<Integer, String> applied = appliedChecksums(session, keyspace);
      List<Integer> newlyApplied = new ArrayList<>();
      for (Migration m : migrations()) {
        String recorded = applied.get(m.version());
        if (recorded != null) {
          if (!recorded.equals(m.checksum())) {
            throw new IllegalStateException(
                "schema migration "
                    + m.fileName()
                    + " was changed after it was applied to keyspace "
                    + keyspace
                    + ": add a new version instead (or drop the keyspace of a throw-away setup)");
          }
          continue;
        }
        for (String statement : m.statements(keyspace)) {
          try {
            ddl(session, statement);
          } catch (RuntimeException e) {
            throw new IllegalStateException(
                "schema migration " + m.fileName() + " failed: " + Failures.oneLine(e), e);
          }
        }
        session.execute(
            SimpleStatement.newInstance(
                    "INSERT INTO "
                        + keyspace
                        + ".schema_version (version, description, file, checksum, applied_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                    m.version(),
                    m.description(),
                    m.fileName(),
                    m.checksum(),
                    Instant.now())
                .setTimeout(DDL_TIMEOUT));
        newlyApplied.add(m.version());
      }
      return newlyApplied;
    }
  }

  /** The versions recorded in {@code <keyspace>.schema_version}, ascending. */
  public static List<Integer> appliedVersions(CqlSession session, String keyspace) {
    return new ArrayList<>(appliedChecksums(session, keyspace).keySet());
  }

  private static Map<Integer, String> appliedChecksums(CqlSession session, String keyspace) {
    Map<Integer, String> result = new TreeMap<>();
    for (Row row :
        session.execute(
            SimpleStatement.newInstance(
                    "SELECT version, checksum FROM " + keyspace + ".schema_version")
                .setTimeout(DDL_TIMEOUT))) {
      result.put(row.getInt("version"), row.getString("checksum"));
    }
    return result;
  }

  private static void ddl(CqlSession session, String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
  }

  /** All migrations on the classpath, by version. */
  public static List<Migration> migrations() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = SchemaMigrator.class.getClassLoader();
    }
    Map<String, URL> files = new TreeMap<>();
    try {
      Enumeration<URL> roots = loader.getResources(DIRECTORY);
      for (URL root : Collections.list(roots)) {
        for (String name : listDirectory(root)) {
          files.putIfAbsent(name, loader.getResource(DIRECTORY + "/" + name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TreeMap<Integer, Migration> byVersion = new TreeMap<>();
    for (Map.Entry<String, URL> file : files.entrySet()) {
      Matcher m = FILE_NAME.matcher(file.getKey());
      if (!m.matches()) {
        continue;
      }
      int version = Integer.parseInt(m.group(1));
      Migration migration =
          new Migration(version, m.group(2), file.getKey(), read(file.getValue()));
      Migration clash = byVersion.put(version, migration);
      if (clash != null) {
        throw new IllegalStateException(
            "two schema migrations have version "
                + version
                + ": "
                + clash.fileName()
                + " and "
                + file.getKey());
      }
    }
    return List.copyOf(byVersion.values());
  }

  private static List<String> listDirectory(URL root) throws IOException {
    List<String> names = new ArrayList<>();
    switch (root.getProtocol()) {
      case "file" -> {
        Path dir;
        try {
          dir = Path.of(root.toURI());
        } catch (URISyntaxException e) {
          dir = Path.of(URLDecoder.decode(root.getPath(), StandardCharsets.UTF_8));
        }
        if (Files.isDirectory(dir)) {
          try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
          }
        }
      }
      case "jar" -> {
        JarURLConnection conn = (JarURLConnection) root.openConnection();
        conn.setUseCaches(false);
        try (JarFile jar = conn.getJarFile()) {
          String prefix = DIRECTORY + "/";
          for (JarEntry e : Collections.list(jar.entries())) {
            String n = e.getName();
            if (!e.isDirectory() && n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0) {
              names.add(n.substring(prefix.length()));
            }
          }
        }
      }
      default -> {
        // other URL kinds (e.g. jrt) carry no migrations
      }
    }
    return names;
  }

  private static String read(URL url) {
    try {
      var conn = url.openConnection();
      conn.setUseCaches(false);
      try (InputStream in = conn.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Splits a script into statements: {@code --} comments (outside string literals) are dropped, a
   * statement ends with {@code ;} at the end of a line.
   */
  static List<String> splitStatements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String rawLine : script.split("\r?\n", -1)) {
      String line = stripComment(rawLine).stripTrailing();
      if (line.isBlank()) {
        continue;
      }
      if (line.endsWith(";")) {
        current.append(line, 0, line.length() - 1);
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
          statements.add(statement);
        }
        current.setLength(0);
      } else {
        current.append(line).append('\n');
      }
    }
    String rest = current.toString().strip();
    if (!rest.isEmpty()) {
      statements.add(rest);
    }
    return statements;
  }

  private static String stripComment(String line) {
    boolean inString = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        inString = !inString;
      } else if (!inString && c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
        return line.substring(0, i);
      }
    }
    return line;
  }
}

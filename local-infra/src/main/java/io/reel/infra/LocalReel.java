package io.reel.infra;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.reel.http.TlsCertificates;
import io.reel.node.Node;
import io.reel.node.NodeConfig;
import io.reel.write.catalog.CatalogImporter;
import io.reel.write.catalog.ImportReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Compression;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Reel on one machine ({@code ./reel run}): a real Cassandra node and Kafka broker as child
 * processes with their data under {@code var/local}, one cluster node with every role, and the
 * shipped catalog imported on first start. Ctrl-C stops the node, then both servers.
 */
public final class LocalReel {

  private LocalReel() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("reel.home", "var/local"));
    Path catalog =
        Path.of(System.getProperty("reel.catalog", "data/wikipedia-movies/movies.jsonl.gz"));
    if (System.getProperty("config.resource") == null) {
      System.setProperty("config.resource", "local.conf");
    }
    InfraSettings infraSettings = InfraSettings.defaults(home);
    Config base = NodeConfig.load();
    String keyspace = base.getString("reel.cassandra.keyspace");
    String topic = base.getString("reel.kafka.topics.title-events");
    infraSettings =
        infraSettings.withSchema(keyspace, Map.of(topic, base.getInt("reel.kafka.partitions")));

    say(
        "starting Cassandra (:"
            + infraSettings.cassandraPort()
            + ") and Kafka (:"
            + infraSettings.kafkaPort()
            + "), data in "
            + infraSettings.home());
    LocalInfrastructure infra;
    try {
      infra = LocalInfrastructure.start(infraSettings);
    } catch (RuntimeException e) {
      System.err.println("reel: " + e.getMessage());
      System.exit(1);
      return;
    }

    Map<String, Object> local = new java.util.HashMap<>();
    local.put("reel.cassandra.contact-point", "127.0.0.1:" + infra.cassandraPort());
    local.put("reel.kafka.bootstrap-servers", infra.kafkaBootstrap());
    local.put("reel.media.store-dir", home.resolve("media").toString());
    local.put("reel.search.dir", home.resolve("search").toString());
    local.put("reel.transcode.work-dir", home.resolve("transcode").toString());
    local.put("reel.gateway.https.self-signed-dir", home.resolve("tls").toString());
    local.put("reel.accounts.mail-file", home.resolve("mail").resolve("outbox.jsonl").toString());
    local.put("reel.edge.cache.dir", home.resolve("edge-cache").toString());
    Path operatorPassword = home.resolve("operator-password");
    if (System.getenv("REEL_OPERATOR_EMAIL") == null) {
      local.put("reel.operators.bootstrap-email", LOCAL_OPERATOR);
    }
    if (System.getenv("REEL_OPERATOR_PASSWORD_FILE") == null) {
      local.put("reel.operators.password-file", operatorPassword.toString());
    }
    if (System.getenv("REEL_RECOMMEND_EVERY") == null) {
      // One machine, small data: retrain every minute so the demo history shows up soon.
      local.put("reel.recommend.train-every", "1m");
    }
    if (System.getenv("REEL_MASTER_KEY") == null) {
      local.put("reel.keys.master-key", localMasterKey(home));
    }
    Config overrides = ConfigFactory.parseMap(local);
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), "reel", NodeConfig.load(overrides, System.getenv()));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  system.terminate();
                  try {
                    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
                  } catch (Exception ignored) {
                    // stopping anyway
                  }
                  infra.close();
                },
                "reel-local-shutdown"));
    Node.Running node;
    try {
      node = Node.start(system);
    } catch (RuntimeException e) {
      System.err.println("reel: " + e.getMessage());
      System.exit(1);
      return;
    }

    boolean empty =
        node.session()
                .execute("SELECT title_id FROM " + node.keyspace() + ".catalog_titles LIMIT 1")
                .one()
            == null;
    if (empty && Files.isReadable(catalog) && node.importer().isPresent()) {
      say("importing the catalog from " + catalog + " ...");
      importCatalog(system, node.importer().get(), catalog);
    } else if (empty) {
      say("no catalog imported: " + catalog + " is missing");
    } else {
      say("catalog already imported (POST /admin/imports to import again)");
    }
    sampleTitles(node, home);
    echoMail(home.resolve("mail").resolve("outbox.jsonl"));
    demoHistory(node, home);
    int port = node.http().map(b -> b.localAddress().getPort()).orElse(-1);
    boolean tls = system.settings().config().getBoolean("reel.gateway.https.enabled");
    String url = (tls ? "https" : "http") + "://localhost:" + port;
    String curl =
        tls
            ? "curl -s --cacert " + home.resolve("tls").resolve(TlsCertificates.CERT_PEM)
            : "curl -s";
    say("");
    say("Reel is running on " + url + (tls ? " (self-signed certificate, trusted below)" : ""));
    say("  watch:   open " + url + "/ in a browser (the viewer app; trust the certificate first)");
    say("           sign-up and password mails are not sent: their links are printed here");
    say("  browse:  " + curl + " " + url + "/catalog/genres");
    say("           " + curl + " '" + url + "/catalog/genres/Comedy/titles?limit=5'");
    Config effective = system.settings().config();
    String operator = effective.getString("reel.operators.bootstrap-email");
    String passwordFile = effective.getString("reel.operators.password-file");
    say(
        "  operator: "
            + operator
            + ", password in "
            + passwordFile
            + "; sign in and keep the access token:");
    say(
        "           T=$("
            + curl
            + " -XPOST -H 'Content-Type: application/json' "
            + url
            + "/auth/signin -d \"{\\\"email\\\":\\\""
            + operator
            + "\\\",\\\"password\\\":\\\"$(cat "
            + passwordFile
            + ")\\\"}\" | jq -r .accessToken)");
    say(
        "  admin:   "
            + curl
            + " -H \"Authorization: Bearer $T\" -XPOST -H 'Content-Type: application/json' "
            + url
            + "/admin/titles -d '{\"title\":\"My Film\",\"year\":2026,\"genres\":[\"Drama\"]}'");
    say(
        "  health:  curl -s http://127.0.0.1:"
            + system.settings().config().getInt("pekko.management.http.port")
            + "/ready");
    say("Ctrl-C stops the node, Cassandra and Kafka (./reel down if anything is left).");
    system.getWhenTerminated().toCompletableFuture().join();
  }

  /** The demo viewer of a local Reel (its password is generated into var/local). */
  private static final String DEMO_VIEWER = "demo@reel.local";

  /**
   * On first start, MovieTweetings' ratings become the viewing history of the demo viewer's main
   * profile and of profiles for the model to learn from (in the background; the node serves
   * meanwhile). {@code REEL_DEMO=off} skips it; a missing dataset is named, not an error.
   */
  private static void demoHistory(Node.Running node, Path home) {
    Path dataset =
        Path.of(
            System.getProperty(
                "reel.demo.dataset",
                java.util.Objects.requireNonNullElse(
                    System.getenv("REEL_DEMO_DATASET"),
                    io.reel.recommend.eval.MovieTweetings.RELATIVE_PATH)));
    Path done = home.resolve("demo-history.done");
    Path password = home.resolve("demo-password");
    if ("off".equals(System.getenv("REEL_DEMO")) || node.accounts().isEmpty()) {
      return;
    }
    if (Files.exists(done)) {
      say("demo history already loaded: sign in as " + DEMO_VIEWER + ", password in " + password);
      return;
    }
    if (!io.reel.recommend.eval.MovieTweetings.present(dataset)) {
      say(
          "no demo history: put MovieTweetings (movies.dat, ratings.dat) in "
              + dataset.toAbsolutePath().normalize()
              + " or set REEL_DEMO_DATASET, and start again");
      return;
    }
    say("loading the demo viewing history from " + dataset + " in the background ...");
    node.accounts()
        .get()
        .operators()
        .ensure(DEMO_VIEWER, password, java.util.concurrent.ForkJoinPool.commonPool())
        .thenComposeAsync(
            account -> {
              try {
                return new io.reel.node.DemoHistory(node.system())
                    .load(
                        dataset,
                        node.session(),
                        node.keyspace(),
                        account.asString(),
                        java.time.Instant.now(),
                        LocalReel::say);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            // Reading the files and waiting for the catalog block: a thread of its own.
            java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "reel-demo-history");
                  t.setDaemon(true);
                  return t;
                }))
        .whenComplete(
            (report, e) -> {
              if (e != null) {
                say("the demo history did not load: " + e);
                return;
              }
              if (report.mapped() < report.ratings() / 2) {
                say(
                    "the demo history mapped only "
                        + report.mapped()
                        + " ratings (is the catalog imported?); it loads again on the next start");
                return;
              }
              try {
                Files.writeString(done, report + "\n");
              } catch (java.io.IOException io) {
                say("could not write " + done + ": " + io);
              }
              say(
                  String.format(
                      "demo history loaded: %,d ratings, %,d mapped onto the catalog, %,d unmapped,"
                          + " %,d bad lines; %,d profiles. Sign in as %s (password in %s); its"
                          + " recommendations follow within a minute.",
                      report.ratings(),
                      report.mapped(),
                      report.unmapped(),
                      report.badLines(),
                      report.profiles(),
                      DEMO_VIEWER,
                      password));
            });
  }

  /**
   * On first start, short generated clips are packaged onto a few catalog titles (in the
   * background), so a newcomer can press play at once. {@code REEL_SAMPLES=off} skips it.
   */
  private static void sampleTitles(Node.Running node, Path home) {
    Path done = home.resolve("samples.done");
    if ("off".equals(System.getenv("REEL_SAMPLES"))
        || Files.exists(done)
        || node.media().isEmpty()
        || node.search().isEmpty()) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                List<io.reel.node.SampleTitles.Attached> attached =
                    new io.reel.node.SampleTitles(node)
                        .attach(
                            io.reel.node.SampleTitles.LOCAL,
                            30,
                            640,
                            360,
                            home.resolve("samples"),
                            java.time.Duration.ofMinutes(5),
                            LocalReel::say);
                Files.writeString(done, attached + "\n");
                if (!attached.isEmpty()) {
                  say(
                      "sample clips are being packaged onto "
                          + attached.stream()
                              .map(a -> a.title() + " (" + a.year() + ")")
                              .collect(java.util.stream.Collectors.joining(", "))
                          + ": the home page's \"Ready to play\" row shows them once packaged");
                }
              } catch (Exception e) {
                say(
                    "the sample clips were not attached (they are tried again on the next start): "
                        + e);
              }
            },
            "reel-sample-titles");
    t.setDaemon(true);
    t.start();
  }

  /**
   * One machine sends no e-mail: each mail goes to the outbox file, and its link (verify the
   * address, reset a password) is printed here as it is written, so a newcomer signing up in the
   * browser finds it in this terminal. Mails of earlier runs are not printed again.
   */
  private static void echoMail(Path outbox) {
    Thread t =
        new Thread(
            () -> {
              com.fasterxml.jackson.databind.ObjectMapper json =
                  new com.fasterxml.jackson.databind.ObjectMapper();
              long seen = -1;
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  long size = Files.exists(outbox) ? Files.size(outbox) : 0;
                  seen = seen < 0 || size < seen ? size : printNewMail(outbox, seen, json);
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  say("could not read " + outbox + ": " + e.getMessage());
                  seen = -1; // start again from what is there now
                }
              }
            },
            "reel-mail-echo");
    t.setDaemon(true);
    t.start();
  }

  /** Prints the links of the complete lines after byte {@code from}; where the next look starts. */
  static long printNewMail(Path outbox, long from, com.fasterxml.jackson.databind.ObjectMapper json)
      throws java.io.IOException {
    byte[] bytes;
    try (java.nio.channels.SeekableByteChannel in = Files.newByteChannel(outbox)) {
      in.position(from);
      bytes = java.nio.channels.Channels.newInputStream(in).readAllBytes();
    }
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--; // a line still being written waits for the next look
    }
    String text = new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      com.fasterxml.jackson.databind.JsonNode mail = json.readTree(line);
      if (mail.hasNonNull("link")) {
        say(
            "mail ("
                + mail.path("kind").asText()
                + ") to "
                + mail.path("to").asText()
                + ": open "
                + mail.get("link").asText());
      }
    }
    return from + end;
  }

  /** The first operator of a local Reel (its password is generated into var/local). */
  private static final String LOCAL_OPERATOR = "operator@reel.local";

  /**
   * The one-machine master key: generated on first start into {@code var/local/master.key}
   * (owner-only), so content keys stay readable across restarts. Set REEL_MASTER_KEY to use your
   * own.
   */
  static String localMasterKey(Path home) {
    Path file = home.resolve("master.key");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(home);
        Path tmp = Files.createTempFile(home, "master", ".tmp");
        java.nio.file.Files.setPosixFilePermissions(
            tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.writeString(tmp, io.reel.origin.keys.MasterKey.generateBase64() + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        say("generated a master key for content keys: " + file);
      }
      return Files.readString(file).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read or create " + file, e);
    }
  }

  private static void importCatalog(ActorSystem<?> system, CatalogImporter importer, Path file)
      throws Exception {
    ImportReport last =
        importer
            .run("wikipedia-movies", FileIO.fromPath(file).via(Compression.gunzip(64 * 1024)))
            .map(
                r -> {
                  if (r instanceof ImportReport.Progress p) {
                    say(
                        String.format(
                            "  %,d lines: %,d created, %,d updated, %,d unchanged, %,d duplicates,"
                                + " %,d invalid (%.0f lines/s)",
                            p.lines(),
                            p.created(),
                            p.updated(),
                            p.unchanged(),
                            p.duplicates(),
                            p.invalid(),
                            p.linesPerSecond()));
                  } else if (r instanceof ImportReport.Failed f) {
                    say("  import failed: " + f.reason());
                  }
                  return r;
                })
            .runWith(Sink.last(), system)
            .toCompletableFuture()
            .get(Duration.ofMinutes(30).toSeconds(), TimeUnit.SECONDS);
    say("catalog import finished; the browse read model catches up within seconds");
  }

  private static void say(String line) {
    System.out.println(line);
  }
}

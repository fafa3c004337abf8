package io.reel.http;

import static org.apache.pekko.http.javadsl.server.Directives.extractUri;
import static org.apache.pekko.http.javadsl.server.Directives.redirect;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a node's routes: HTTPS with the configured keystore (or a self-signed certificate generated
 * once, for one machine), and the plain port only redirecting to it; plain HTTP when TLS is off. A
 * taken port fails the start with one line naming the variable to change.
 */
public final class HttpServer {

  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

  /** {@code reel.http} and {@code reel.gateway.https}, read once. */
  public record Settings(
      String host,
      int port,
      boolean https,
      int httpsPort,
      String keystore,
      String keystorePassword,
      Path selfSignedDir) {

    public static Settings fromConfig(Config root) {
      Config tls = root.getConfig("reel.gateway.https");
      return new Settings(
          root.getString("reel.http.host"),
          root.getInt("reel.http.port"),
          tls.getBoolean("enabled"),
          tls.getInt("port"),
          tls.getString("keystore"),
          tls.getString("keystore-password"),
          Path.of(tls.getString("self-signed-dir")));
    }

    @Override
    public String toString() {
      return "HttpServer.Settings[host=" + host + ", port=" + port + ", https=" + https + "]";
    }
  }

  private HttpServer() {}

  /** Serves the route; the binding returned is the one clients use (HTTPS when it is on). */
  public static ServerBinding serve(ActorSystem<?> system, Settings settings, Route route) {
    if (!settings.https()) {
      return bind(system, settings.host(), settings.port(), route, Optional.empty(), "http");
    }
    SSLContext ssl =
        settings.keystore().isBlank()
            ? TlsCertificates.sslContext(
                TlsCertificates.selfSigned(settings.selfSignedDir()),
                TlsCertificates.selfSignedPassword(settings.selfSignedDir()))
            : TlsCertificates.sslContext(
                Path.of(settings.keystore()), settings.keystorePassword().toCharArray());
    ServerBinding secure =
        bind(
            system,
            settings.host(),
            settings.httpsPort(),
            route,
            Optional.of(ConnectionContext.httpsServer(ssl)),
            "https");
    int securePort = secure.localAddress().getPort();
    // The plain port only sends clients to the TLS one.
    Route toTls =
        extractUri(
            uri -> redirect(uri.scheme("https").port(securePort), StatusCodes.PERMANENT_REDIRECT));
    bind(
        system,
        settings.host(),
        settings.port(),
        toTls,
        Optional.empty(),
        "http (redirects to https)");
    return secure;
  }

  private static ServerBinding bind(
      ActorSystem<?> system,
      String host,
      int port,
      Route route,
      Optional<HttpsConnectionContext> tls,
      String what) {
    try {
      var server = Http.get(system).newServerAt(host, port);
      if (tls.isPresent()) {
        server = server.enableHttps(tls.get());
      }
      ServerBinding b =
          server
              .bind(route)
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS)
              .addToCoordinatedShutdown(Duration.ofSeconds(10), system);
      log.info(
          "{} on {}://{}:{}/",
          what,
          tls.isPresent() ? "https" : "http",
          host,
          b.localAddress().getPort());
      return b;
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot serve "
              + what
              + " on "
              + host
              + ":"
              + port
              + " ("
              + Failures.rootMessage(e)
              + "; the port comes from "
              + (tls.isPresent() ? "REEL_HTTPS_PORT" : "REEL_HTTP_PORT")
              + ")",
          e);
    }
  }
}

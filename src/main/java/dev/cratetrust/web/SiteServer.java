package dev.cratetrust.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The running web site: Javalin on Jetty with virtual threads, serving every {@link SiteModule} on
 * one store. It adds security headers (a Content-Security-Policy without inline code), renders
 * {@link SiteException}s as JSON or pages with a stable code, writes one access-log line per
 * request, refuses writes when read-only, closes idle and slow connections, and stops gracefully.
 */
public final class SiteServer implements AutoCloseable {
  /** The Content-Security-Policy of every response: files from this site only, no inline code. */
  public static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self';"
          + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private static final Set<HandlerType> READS =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
  private static final String ERROR_WRITTEN = "cratetrust.error-written";

  /**
   * How to listen: {@code port} 0 picks a free one; {@code idleTimeout} closes a connection that
   * sends nothing (a slow or stalled client); {@code requestHeaderBytes} bounds the request line
   * and headers (longer ones get 414 or 431); {@code stopTimeout} is how long stopping waits for
   * requests in flight.
   */
  public record Options(
      String host,
      int port,
      Duration idleTimeout,
      int requestHeaderBytes,
      Duration stopTimeout,
      Consumer<String> accessLog) {
    public static Options defaults(int port, Consumer<String> accessLog) {
      return new Options(
          "127.0.0.1", port, Duration.ofSeconds(30), 8192, Duration.ofSeconds(10), accessLog);
    }

    public Options withIdleTimeout(Duration d) {
      return new Options(host, port, d, requestHeaderBytes, stopTimeout, accessLog);
    }

    public Options withHost(String h) {
      return new Options(h, port, idleTimeout, requestHeaderBytes, stopTimeout, accessLog);
    }
  }

  private final Javalin app;
  private final URI uri;

  private SiteServer(Javalin app, Options options) {
    this.app = app;
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    if (host.equals("0.0.0.0") || host.equals("[::]")) {
      host = "127.0.0.1";
    }
    this.uri = URI.create("http://" + host + ":" + app.port() + "/");
  }

  /** Starts the site with {@link SiteModules#all()}. */
  public static SiteServer start(SiteContext context, Options options) {
    return start(context, SiteModules.all(), options);
  }

  /** Starts the site with the given modules; returns once it accepts connections. */
  public static SiteServer start(SiteContext context, List<SiteModule> modules, Options options) {
    Javalin app =
        Javalin.create(
            config -> {
              config.concurrency.useVirtualThreads = true;
              config.startup.showJavalinBanner = false;
              config.http.maxRequestSize = 64 * 1024;
              config.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setRequestHeaderSize(options.requestHeaderBytes());
                    http.setSendServerVersion(false);
                    http.setSendXPoweredBy(false);
                  });
              config.jetty.modifyServer(
                  server -> server.setStopTimeout(options.stopTimeout().toMillis()));
              config.staticFiles.add(
                  s -> {
                    s.hostedPath = "/static";
                    s.directory = "/web/static";
                    s.location = Location.CLASSPATH;
                  });
              config.requestLogger.http(
                  (ctx, ms) -> options.accessLog().accept(accessLine(ctx, ms)));
              config.routes.before(ctx -> headers(ctx));
              if (context.readOnly()) {
                config.routes.before(
                    ctx -> {
                      if (!READS.contains(ctx.method())) {
                        throw new SiteException(
                            405,
                            "read-only",
                            "this site is a read-only mirror: "
                                + ctx.method()
                                + " "
                                + ctx.path()
                                + " changes nothing here");
                      }
                    });
              }
              config.routes.exception(
                  SiteException.class,
                  (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(), context));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    System.err.println(
                        "cratetrust: internal error serving "
                            + ctx.method()
                            + " "
                            + ctx.path()
                            + ": "
                            + e);
                    e.printStackTrace(System.err);
                    error(ctx, 500, "internal", "the site failed to answer this request", context);
                  });
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.attribute(ERROR_WRITTEN) == null) {
                      error(ctx, 404, "not-found", "nothing is served at " + ctx.path(), context);
                    }
                  });
              config.routes.error(
                  405,
                  ctx -> {
                    if (ctx.attribute(ERROR_WRITTEN) == null) {
                      error(
                          ctx,
                          405,
                          "method-not-allowed",
                          ctx.method() + " is not served at " + ctx.path(),
                          context);
                    }
                  });
              for (SiteModule m : modules) {
                m.register(config.routes, context);
              }
            });
    app.start(options.host(), options.port());
    for (Connector c : app.jettyServer().server().getConnectors()) {
      if (c instanceof ServerConnector sc) {
        sc.setIdleTimeout(options.idleTimeout().toMillis());
        HttpConnectionFactory f = sc.getConnectionFactory(HttpConnectionFactory.class);
        if (f != null) {
          f.getHttpConfiguration().setIdleTimeout(options.idleTimeout().toMillis());
        }
      }
    }
    return new SiteServer(app, options);
  }

  /** The base URI, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return uri;
  }

  public int port() {
    return uri.getPort();
  }

  /** Every route as {@code METHOD /path} (Javalin path syntax, e.g. {@code /crates/{name}}). */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(p -> p.endpoint)
        .map(e -> e.method.name() + " " + e.path)
        .filter(r -> !r.startsWith("BEFORE") && !r.startsWith("AFTER"))
        .distinct()
        .toList();
  }

  /** Stops accepting connections and waits up to the stop timeout for requests in flight. */
  public void stop() {
    app.stop();
  }

  @Override
  public void close() {
    stop();
  }

  private static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Permissions-Policy", "interest-cohort=()");
  }

  /** Whether a client gets JSON errors: the API, machine endpoints, or a JSON Accept header. */
  static boolean wantsJson(Context ctx) {
    String p = ctx.path();
    if (p.startsWith("/api/") || p.equals("/openapi.json") || p.equals("/healthz")) {
      return true;
    }
    if (p.endsWith(".json")) {
      return true;
    }
    String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
    return accept.contains("application/json") && !accept.contains("text/html");
  }

  private static void error(
      Context ctx, int status, String code, String message, SiteContext context) {
    ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
    ctx.status(status);
    if (wantsJson(ctx)) {
      Replies.json(ctx, Replies.errorBody(status, code, message));
    } else {
      Html main = new Html();
      main.element("h1", status == 404 ? "Not found" : "Error " + status);
      main.element("p", message);
      main.open("p", "class", "source").text("Error code: ").element("code", code).close("p");
      Replies.html(ctx, context.layout().page("Error " + status, Optional.empty(), main));
    }
  }

  /** One access-log line: JSON with method, path, status and duration in milliseconds. */
  static String accessLine(Context ctx, Float ms) {
    return String.format(
        Locale.ROOT,
        "{\"log\":\"access\",\"method\":\"%s\",\"path\":%s,\"status\":%d,\"ms\":%.2f}",
        ctx.method().name(),
        jsonString(ctx.path()),
        ctx.statusCode(),
        ms == null ? 0f : ms);
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
